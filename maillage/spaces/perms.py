"""Who may see and do what in a space. One function per decision; the docstring is the rule.

Roles in a space come from two sources: those a space admin gives (admin, agent, référent,
see SpaceRole) and "elu", held by anyone with a current elected mandate in the space's own
organisation or in one of its current member organisations.
"""

from maillage.people.models import ELECTED_FUNCTIONS, Mandate, Person

from .models import Role, Space, SpaceRole

ELU = "elu"


def person_of(user) -> Person | None:
    """The person behind an account, looked up once per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if "_person" not in user.__dict__:
        user.__dict__["_person"] = Person.objects.filter(user=user).first()
    return user.__dict__["_person"]


def roles(user, space: Space) -> frozenset[str]:
    """The roles a user holds in a space (empty for an anonymous visitor)."""
    person = person_of(user)
    if person is None:
        return frozenset()
    cache = user.__dict__.setdefault("_space_roles", {})
    if space.pk not in cache:
        given = set(
            SpaceRole.objects.current()
            .filter(space=space, person=person)
            .values_list("role", flat=True)
        )
        elected = (
            Mandate.objects.current()
            .in_space(space)
            .filter(person=person, function__in=ELECTED_FUNCTIONS)
            .exists()
        )
        cache[space.pk] = frozenset(given | ({ELU} if elected else set()))
    return cache[space.pk]


def can_open_space(user) -> bool:
    """Platform staff open spaces (and become their first admin)."""
    return bool(getattr(user, "is_staff", False))


def can_admin_space(user, space: Space) -> bool:
    """A space admin, or a superuser, administers the space."""
    return bool(getattr(user, "is_superuser", False)) or Role.ADMIN in roles(user, space)


def can_see_members_area(user, space: Space) -> bool:
    """Anyone with a role in the space (élu, agent, référent, admin) sees its members' area:
    agents and référents in the who's who, contact details shared with members."""
    return bool(getattr(user, "is_superuser", False)) or bool(roles(user, space))


def can_import_rne(user, space: Space) -> bool:
    """Only a space admin imports élus from the RNE files."""
    return can_admin_space(user, space)


def can_manage_people(user, space: Space) -> bool:
    """Only a space admin adds people by hand, gives roles and sends invitations."""
    return can_admin_space(user, space)


def can_view_journal(user, space: Space) -> bool:
    """Only a space admin reads the space's action log."""
    return can_admin_space(user, space)


def abilities(user, space: Space) -> list[str]:
    """What the user may do in the space, in French, for "Mon espace"."""
    result = ["Consulter l'espace et l'annuaire des élus"]
    if can_see_members_area(user, space):
        result.append("Voir les agents et les référents des organisations membres")
    if can_admin_space(user, space):
        result += [
            "Administrer l'espace (présentation, logo)",
            "Importer les élus du Répertoire national des élus",
            "Ajouter des personnes, leur donner un rôle et les inviter",
            "Consulter le journal des actions",
        ]
    return result
