"""Who may see and do what with scales, scenarios, statements and the annual report. One
function per decision; the docstring is the rule. Built on the space roles."""

from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import can_see_members_area, person_of, roles

from .models import Statement

# Who speaks for a member organisation: the mayor of a commune, the president otherwise.
HEAD_FUNCTIONS = (Function.MAIRE, Function.PRESIDENT)

NEED_VIEW = (
    "Les barèmes et les scénarios de mutualisation sont lus par les élus, les référents, les "
    "agents et les administrateurs de l'espace."
)
NEED_MANAGE = (
    "Seuls les agents et les administrateurs de l'espace gèrent les barèmes, les scénarios, "
    "les appels de contribution et le rapport de mutualisation."
)
NEED_STATEMENT = (
    "Un appel de contribution envoyé est lu par le maire (ou le président) de l'organisation "
    "appelée, par le référent de l'espace pour elle, et par les agents de l'espace."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_view_mutualisation(user, space) -> bool:
    """Anyone of the space (élus, référents, agents, admins) reads the scales, the scenarios,
    their comparison, the yearly summary and the annual report: the élus choose among them."""
    return can_see_members_area(user, space)


def can_manage_mutualisation(user, space) -> bool:
    """The space's agents and admins define scales and weights, build and compute scenarios,
    record the chosen one, produce, send and correct statements, write the annual report and
    send it for opinion."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def represented_organisation_ids(user, space) -> set[int]:
    """The organisations the user speaks for in the space: those they are mayor (or
    president) of, and those they are the space's référent for."""
    person = person_of(user)
    if person is None:
        return set()
    cache = user.__dict__.setdefault("_mutualisation_orgs", {})
    if space.pk not in cache:
        heads = set(
            Mandate.objects.current()
            .filter(person=person, function__in=HEAD_FUNCTIONS)
            .values_list("organisation_id", flat=True)
        )
        referents = set(
            SpaceRole.objects.current()
            .filter(space=space, person=person, role=Role.REFERENT)
            .exclude(organisation=None)
            .values_list("organisation_id", flat=True)
        )
        cache[space.pk] = heads | referents
    return cache[space.pk]


def can_view_statement(user, statement: Statement) -> bool:
    """A statement in preparation is seen by the agents and admins; once sent, also by the
    mayor (or president) of the organisation it calls and by the space's référent for it.
    Its PDF and CSV follow the same rule (served by the application, never a public URL)."""
    if can_manage_mutualisation(user, statement.space):
        return True
    if not statement.is_sent:
        return False
    return statement.organisation_id in represented_organisation_ids(user, statement.space)


def can_see_statements(user, space) -> bool:
    """The statements list: agents and admins see all; a mayor or a référent of the space
    sees the sent statements of the organisations they speak for (possibly none yet)."""
    if can_manage_mutualisation(user, space):
        return True
    return can_see_members_area(user, space) and bool(represented_organisation_ids(user, space))
