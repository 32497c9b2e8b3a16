"""Who may see and do what with the référents. One function per decision; the docstring is
the rule."""

from maillage.spaces.models import Role
from maillage.spaces.perms import can_admin_space, can_see_members_area, person_of, roles

NEED_DIRECTORY = (
    "L'annuaire des référents est réservé aux personnes qui ont un rôle ou un mandat dans "
    "l'espace (élus, agents, référents, administrateurs)."
)
NEED_CONCERNS = (
    "La page « ce qui me concerne » d'un référent est réservée à ce référent, aux agents et "
    "aux administrateurs de l'espace."
)
NEED_MINE = "Cette page est réservée aux référents de l'espace."
NEED_MANAGE = "Désigner les référents des services est réservé aux administrateurs de l'espace."


def can_view_directory(user, space) -> bool:
    """The members of the space (anyone with a role or a mandate there) search the
    directory; superusers too."""
    return can_see_members_area(user, space)


def can_view_concerns(user, role) -> bool:
    """A référent's page « ce qui me concerne » is seen by the référent, and by the space's
    agents and admins who follow the network *(choix)*; superusers too."""
    if getattr(user, "is_superuser", False):
        return True
    person = person_of(user)
    if person is not None and person.pk == role.person_id:
        return True
    return bool({Role.AGENT, Role.ADMIN} & roles(user, role.space))


def can_manage_referents(user, space) -> bool:
    """Space admins give the role of référent (spaces) and, here, the services each
    référent answers for."""
    return can_admin_space(user, space)
