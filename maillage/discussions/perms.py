"""Who may read and write in the conference of mayors of a space. One function per decision;
the docstring is the rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.meetings.models import Seat
from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role
from maillage.spaces.perms import ELU, can_admin_space, person_of, roles

from .models import ConferenceSettings, Openness

ADJOINT_FUNCTIONS = frozenset({Function.MAIRE, Function.ADJOINT, Function.MAIRE_DELEGUE})
EXECUTIVE_FUNCTIONS = frozenset({Function.PRESIDENT, Function.VICE_PRESIDENT})


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def openness(space) -> str:
    """The space's setting of who may post (default: the mayors), looked up once."""
    if "_conference_open_to" not in space.__dict__:
        space.__dict__["_conference_open_to"] = (
            ConferenceSettings.objects.filter(space=space).values_list("open_to", flat=True).first()
            or Openness.MAYORS
        )
    return space.__dict__["_conference_open_to"]


def _functions(user, space) -> frozenset[tuple[int, str]]:
    """(organisation id, function) of the user's current mandates in the space, cached."""
    person = person_of(user)
    if person is None:
        return frozenset()
    cache = user.__dict__.setdefault("_conference_functions", {})
    if space.pk not in cache:
        cache[space.pk] = frozenset(
            Mandate.objects.current()
            .in_space(space)
            .filter(person=person)
            .values_list("organisation_id", "function")
        )
    return cache[space.pk]


def is_mayor(user, space) -> bool:
    """A current mayor of one of the space's member communes."""
    return any(
        function == Function.MAIRE and organisation_id != space.organisation_id
        for organisation_id, function in _functions(user, space)
    )


def is_president(user, space) -> bool:
    """The current president of the space's organisation."""
    return (space.organisation_id, Function.PRESIDENT) in _functions(user, space)


def is_conference_chair(user, body) -> bool:
    """The person who chairs the space's conférence des maires body (its current chair seat)."""
    person = person_of(user)
    if person is None or body is None:
        return False
    return Seat.objects.current().filter(body=body, person=person, is_chair=True).exists()


def can_read(user, space) -> bool:
    """Every person with a role in the space (élu, agent, référent, admin) reads the
    conference's threads, replies and attachments, and the meeting requests."""
    return _is_superuser(user) or bool(roles(user, space))


def can_post(user, space) -> bool:
    """Who writes threads, replies and « moi aussi »: the mayors of the member communes, the
    president and vice-presidents of the space's organisation, the space's agents and admins,
    and whoever the space's admins opened the conference to (adjoints, every élu, or every
    person with a role). One needs a person record: an account alone does not post."""
    if person_of(user) is None:
        return False
    given = roles(user, space)
    if {Role.AGENT, Role.ADMIN} & given:
        return True
    functions = _functions(user, space)
    if is_mayor(user, space):
        return True
    if any(
        organisation_id == space.organisation_id and function in EXECUTIVE_FUNCTIONS
        for organisation_id, function in functions
    ):
        return True
    level = openness(space)
    if level == Openness.ADJOINTS:
        return any(function in ADJOINT_FUNCTIONS for _, function in functions)
    if level == Openness.ELUS:
        return ELU in given
    if level == Openness.EVERYONE:
        return bool(given)
    return False


def can_mark_solution(user, thread) -> bool:
    """The thread's author, or an admin of the space, marks a reply as the solution."""
    person = person_of(user)
    if person is not None and thread.author_id == person.pk:
        return True
    return can_admin_space(user, thread.space)


def can_put_on_agenda(user, space, body=None) -> bool:
    """The president of the space's organisation, the chair of its conférence des maires, and
    the space's agents and admins turn a thread into an agenda item of the next conférence."""
    if _is_superuser(user) or {Role.AGENT, Role.ADMIN} & roles(user, space):
        return True
    return is_president(user, space) or is_conference_chair(user, body)


def can_request_meeting(user, space) -> bool:
    """Only a current mayor of a member commune requests a meeting of the conference
    (L5211-11-3: « à la demande d'un tiers des maires »)."""
    return is_mayor(user, space)


def can_configure(user, space) -> bool:
    """The space's admins choose who may post and add themes."""
    return can_admin_space(user, space)
