"""What every meetings view shares: loading the space, body or sitting of the URL and
checking the right, with a French 403 that says what one would need."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.spaces.models import Space

from ..models import Body, Sitting


def _deny(request, need):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(need)


def body_view(permission, need=""):
    """Load `slug` and `body_id` from the URL; `permission(user, body)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, body_id, *args, **kwargs):
            body = get_object_or_404(
                Body.objects.select_related("space__organisation"), pk=body_id, space__slug=slug
            )
            if not permission(request.user, body):
                return _deny(request, need)
            return view(request, body, *args, **kwargs)

        return wrapper

    return decorator


def sitting_view(permission, need=""):
    """Load `slug` and `sitting_id` from the URL; `permission(user, sitting)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, sitting_id, *args, **kwargs):
            sitting = get_object_or_404(
                Sitting.objects.select_related("body__space__organisation"),
                pk=sitting_id,
                body__space__slug=slug,
            )
            if not permission(request.user, sitting):
                return _deny(request, need)
            return view(request, sitting, *args, **kwargs)

        return wrapper

    return decorator


def space_view(permission=None, need=""):
    """Load the space of `slug`; `permission(user, space)` must hold when given."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            space = get_object_or_404(Space.objects.select_related("organisation"), slug=slug)
            if permission is not None and not permission(request.user, space):
                return _deny(request, need)
            return view(request, space, *args, **kwargs)

        return wrapper

    return decorator
