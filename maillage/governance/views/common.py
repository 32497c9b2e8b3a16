"""What the governance pages share: loading the document of the URL with a permission."""

import functools

from django.shortcuts import get_object_or_404

from maillage.access import deny

from ..models import Document
from ..services import GovernanceError


def document_view(permission, need: str):
    """Load the document of `slug` and `document_id`; `permission(user, document)` holds."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, document_id, *args, **kwargs):
            document = get_object_or_404(
                Document.objects.select_related("space__organisation", "rapporteur"),
                pk=document_id,
                space__slug=slug,
            )
            if not permission(request.user, document):
                return deny(request, need)
            return view(request, document, *args, **kwargs)

        return wrapper

    return decorator


def show_error(form, error: GovernanceError) -> None:
    """The service's French message under its field when the form has it, on top otherwise."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))
