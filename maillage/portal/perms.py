"""Who may see and do what with the public portal. One function per decision; the docstring
is the rule."""

from maillage.spaces.perms import can_admin_space

NEED_MANAGE_MAP = (
    "Envoyer ou retirer la carte des communes du portail est réservé aux administrateurs de "
    "l'espace."
)


def can_view_portal(user, space) -> bool:
    """The portal of a space, "Mon territoire" and the public feeds are for everyone, without
    an account: they show only what is already public (public projects, published acts,
    public sittings, adopted documents)."""
    return True


def can_manage_map(user, space) -> bool:
    """A space admin (or a superuser) uploads the commune contours of the portal map, replaces
    or removes them."""
    return can_admin_space(user, space)
