"""What every meetings view shares: loading the space, body or sitting of the URL and
checking the right, with a French 403 that says what one would need."""

import functools

from django.shortcuts import get_object_or_404

from maillage.access import deny as _deny
from maillage.access import space_view  # noqa: F401 — the meetings views import it from here

from ..models import Body, Sitting


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
