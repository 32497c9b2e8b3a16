"""What the project pages share: loading the project of the URL and checking a right."""

import functools

from django.shortcuts import get_object_or_404

from maillage.access import deny

from .. import perms
from ..models import Project


def project_view(permission, need=""):
    """Load `slug` and `project_id` from the URL; whoever cannot see the project is refused
    first; then `permission(user, project)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, project_id, *args, **kwargs):
            project = get_object_or_404(
                Project.objects.select_related(
                    "space__organisation",
                    "lead_person",
                    "lead_organisation",
                    "body",
                    "competence",
                    "need",
                    "thread",
                ),
                pk=project_id,
                space__slug=slug,
            )
            if not perms.can_view_project(request.user, project):
                return deny(request, perms.NEED_VIEW)
            if not permission(request.user, project):
                return deny(request, need)
            return view(request, project, *args, **kwargs)

        return wrapper

    return decorator
