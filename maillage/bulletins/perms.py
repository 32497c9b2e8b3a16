"""Who may read, compose and send the bulletin. One function per decision."""

from maillage.spaces.models import Role
from maillage.spaces.perms import can_see_members_area, roles

NEED_COMPOSE = (
    "Il faut être agent ou administrateur de l'espace pour préparer et envoyer le bulletin."
)
NEED_DRAFT = (
    "Ce numéro est en préparation : seuls les agents et administrateurs de l'espace le lisent."
)


def can_compose(user, space) -> bool:
    """An agent or an admin of the space (or a superuser) composes, previews and sends issues,
    and reads their delivery figures."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles(user, space) & {Role.AGENT, Role.ADMIN})


def can_read_issue(user, issue) -> bool:
    """Everyone reads a sent issue (its public edition); a draft only those who compose."""
    return not issue.is_draft or can_compose(user, issue.space)


def can_read_members_sections(user, space) -> bool:
    """The sections marked for members are read by anyone with a role in the space."""
    return can_see_members_area(user, space)
