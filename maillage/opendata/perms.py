"""Who may see and do what with the open data. One function per decision; the docstring is
the rule."""

from maillage.spaces.perms import can_admin_space

NEED_TOKENS = "Les jetons d'API d'un espace sont gérés par ses administrateurs."


def can_view_exports(user, space) -> bool:
    """The page of datasets and feeds is public: it lists only public data."""
    return True


def can_manage_tokens(user, space) -> bool:
    """A space admin (or a superuser) creates, lists and revokes the space's API tokens:
    a token sees the private resources an admin of the space may see."""
    return can_admin_space(user, space)


def token_opens_space(token, space) -> bool:
    """An active token opens the private resources of its own space, and of no other."""
    return token is not None and not token.is_revoked and token.space_id == space.pk
