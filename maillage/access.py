"""How every page refuses: an anonymous visitor goes to the login page, a logged-in person
without the right gets the French 403 page saying what they would need. And the decorator that
loads the space of the URL's slug and checks a right on it, shared by every app."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def deny(request, need: str = ""):
    """Send an anonymous visitor to the login page; refuse a logged-in person with `need`."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(need)


def space_view(permission=None, need: str = ""):
    """Load the space of the URL's `slug` and check `permission(user, space)` when given."""
    from maillage.spaces.models import Space

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            space = get_object_or_404(Space.objects.select_related("organisation"), slug=slug)
            if permission is not None and not permission(request.user, space):
                return deny(request, need)
            return view(request, space, *args, **kwargs)

        return wrapper

    return decorator
