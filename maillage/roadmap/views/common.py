"""What the steering views share: loading an object of the URL's space and checking the
right, the link to a project (when the projects pages exist), the money format."""

import functools

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from maillage.access import deny
from maillage.spaces.models import Space

PAGE_SIZE = 50


def object_view(model, permission, need="", *, lookup="pk", queryset=None):
    """Load the space of `slug` and the `model` object of `obj_id` in it (through its
    `space` field); `permission(user, space)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, obj_id, *args, **kwargs):
            space = get_object_or_404(Space.objects.select_related("organisation"), slug=slug)
            if not permission(request.user, space):
                return deny(request, need)
            base = queryset if queryset is not None else model.objects.all()
            obj = get_object_or_404(base, space=space, **{lookup: obj_id})
            return view(request, space, obj, *args, **kwargs)

        return wrapper

    return decorator


def project_url(space, project_pk) -> str:
    """The project's page, or "" while the projects capability has none."""
    try:
        return reverse("projects:detail", args=[space.slug, project_pk])
    except NoReverseMatch:
        return ""
