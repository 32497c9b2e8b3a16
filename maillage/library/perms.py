"""Who may see and do what in the document library. One function per decision; the docstring
is the rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.spaces.models import Role
from maillage.spaces.perms import can_see_members_area, roles

NEED_VIEW = (
    "Ce document est réservé aux membres de l'espace (élus, agents, référents, administrateurs)."
)
NEED_MANAGE = (
    "Déposer, modifier ou archiver un document de la bibliothèque est réservé aux agents et "
    "aux administrateurs de l'espace."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_see_library(user, space) -> bool:
    """Everyone opens a space's library and its search, even without an account: they see
    the public documents; the members' documents only to those who may (below)."""
    return True


def can_see_members_documents(user, space) -> bool:
    """Anyone with a role or a mandate in the space (élu, agent, référent, admin) reads the
    documents reserved to members; superusers too."""
    return can_see_members_area(user, space)


def can_view_document(user, document) -> bool:
    """A public document is read by everyone; a members' one by the space's members; an
    archived one only by those who manage the library."""
    if document.archived_at is not None:
        return can_manage_library(user, document.space)
    if document.is_public:
        return True
    return can_see_members_documents(user, document.space)


def can_manage_library(user, space) -> bool:
    """Agents and admins of the space (and superusers) upload, edit, replace and archive
    documents *(choix: the library is the administration's shelf; élus comment elsewhere)*."""
    return _is_superuser(user) or bool({Role.AGENT, Role.ADMIN} & roles(user, space))
