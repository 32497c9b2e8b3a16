"""Who may see and do what with polls. One function per decision; the docstring is the rule.
Built on the space roles (`maillage.spaces.perms`) and the seats of bodies."""

from maillage.meetings.models import Seat
from maillage.meetings.perms import can_prepare_sittings
from maillage.spaces.models import Role
from maillage.spaces.perms import person_of, roles

from .models import Audience, Poll, PollKind, PollStatus

NEED_VIEW = (
    "Les sondages d'un espace sont réservés aux personnes qui y ont un rôle ou un mandat "
    "(élus, agents, référents, administrateurs)."
)
NEED_CREATE = (
    "Lancer un sondage est réservé aux personnes qui ont un rôle ou un mandat dans l'espace."
)
NEED_MANAGE = "Clore un sondage est réservé à son auteur, aux agents et aux administrateurs."
NEED_OUTCOME = (
    "Rédiger la conclusion est réservé à l'auteur du sondage, aux agents et aux "
    "administrateurs, une fois le sondage clos."
)
NEED_SITTING = (
    "Créer la séance est réservé aux agents et aux administrateurs de l'espace, une fois le "
    "sondage de date clos, s'il concerne une instance."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_view_polls(user, space) -> bool:
    """Everyone with a role or a mandate in the space sees all its polls, whoever they ask
    (transparency between élus and agents) *(choice)*; superusers too."""
    return _is_superuser(user) or bool(roles(user, space))


def can_create_poll(user, space) -> bool:
    """Anyone with a role or a mandate in the space may ask a question *(choice)*; agents and
    admins always. A superuser may too (without a person record, they answer no poll)."""
    return can_view_polls(user, space)


def can_view_poll(user, poll: Poll) -> bool:
    """A poll is seen by whoever sees the space's polls."""
    return can_view_polls(user, poll.space)


def in_audience(user, poll: Poll) -> bool:
    """Whether the user is one of the people the poll asks: anyone with a role or a mandate
    in the space; the holders of a current seat in the body (titulaires, suppléants,
    invités); or the people on the author's list."""
    person = person_of(user)
    if person is None:
        return False
    cache = user.__dict__.setdefault("_poll_audience", {})
    if poll.pk not in cache:
        if poll.audience == Audience.SPACE:
            answer = bool(roles(user, poll.space))
        elif poll.audience == Audience.BODY:
            answer = Seat.objects.current().filter(body_id=poll.body_id, person=person).exists()
        else:
            answer = poll.invitee_rows.filter(person=person).exists()
        cache[poll.pk] = answer
    return cache[poll.pk]


def can_answer(user, poll: Poll) -> bool:
    """A person of the audience answers an open poll, and changes their answer until the
    close (the service says why when it refuses)."""
    return poll.is_open and in_audience(user, poll)


def can_see_results(user, poll: Poll) -> bool:
    """Results are shown to whoever sees the poll, as soon as there are answers, unless the
    author hid them until the close: then nobody sees them before — not even the author,
    agents or admins —, only how many answered *(choice)*."""
    if not can_view_poll(user, poll):
        return False
    return not poll.hide_results or poll.status == PollStatus.CLOSED


def can_manage_poll(user, poll: Poll) -> bool:
    """The author, the space's agents and admins (and superusers) close a poll early and
    write its outcome *(choice: agents and admins run the space's participation)*."""
    if _is_superuser(user):
        return True
    if poll.created_by_id is not None and poll.created_by_id == getattr(user, "pk", None):
        return True
    return bool({Role.ADMIN, Role.AGENT} & roles(user, poll.space))


def can_close_poll(user, poll: Poll) -> bool:
    """An open poll is closed early by those who manage it."""
    return poll.status == PollStatus.OPEN and can_manage_poll(user, poll)


def can_write_outcome(user, poll: Poll) -> bool:
    """Once closed, those who manage the poll write (and correct) its outcome."""
    return poll.status == PollStatus.CLOSED and can_manage_poll(user, poll)


def can_make_sitting(user, poll: Poll) -> bool:
    """A closed date poll linked to a body becomes a sitting in preparation, once, by the
    space's agents and admins — those who prepare sittings."""
    return (
        poll.kind == PollKind.DATE
        and poll.status == PollStatus.CLOSED
        and poll.body_id is not None
        and poll.sitting_id is None
        and can_prepare_sittings(user, poll.space)
    )
