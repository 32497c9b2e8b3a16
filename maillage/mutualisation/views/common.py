"""What every mutualisation view shares: loading the space's scale, scenario or statement of
the URL and checking the right, with a French 403 that says what one would need."""

import functools

from django.shortcuts import get_object_or_404

from maillage.access import deny

from ..models import Scale, Scenario, Statement

PAGE_SIZE = 50


def _object_view(model, id_name, related, permission, need, on_space=True):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            pk = kwargs.pop(id_name)
            obj = get_object_or_404(model.objects.select_related(*related), pk=pk, space__slug=slug)
            target = obj.space if on_space else obj
            if not permission(request.user, target):
                return deny(request, need)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def scale_view(permission, need=""):
    """Load `slug` and `scale_id`; `permission(user, space)` must hold."""
    return _object_view(Scale, "scale_id", ["space__organisation"], permission, need)


def scenario_view(permission, need=""):
    """Load `slug` and `scenario_id`; `permission(user, space)` must hold."""
    return _object_view(
        Scenario,
        "scenario_id",
        ["space__organisation", "service", "scale", "deliberation", "vote__item__sitting"],
        permission,
        need,
    )


def statement_view(permission, need=""):
    """Load `slug` and `statement_id`; `permission(user, statement)` must hold."""
    return _object_view(
        Statement,
        "statement_id",
        [
            "space__organisation",
            "organisation",
            "scenario__service",
            "scenario__deliberation",
            "corrects",
        ],
        permission,
        need,
        on_space=False,
    )
