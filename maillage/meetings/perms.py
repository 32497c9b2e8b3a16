"""Who may see and do what with bodies and sittings. One function per decision; the
docstring is the rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.spaces.models import Role
from maillage.spaces.perms import can_admin_space, can_see_members_area, person_of, roles

from .models import Body, Seat, Sitting, SittingStatus


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def current_seat(user, body: Body) -> Seat | None:
    """The user's current seat in the body, looked up once per request."""
    person = person_of(user)
    if person is None:
        return None
    cache = user.__dict__.setdefault("_seats", {})
    if body.pk not in cache:
        cache[body.pk] = (
            Seat.objects.current().filter(body=body, person=person).select_related("body").first()
        )
    return cache[body.pk]


def can_manage_bodies(user, space) -> bool:
    """Only a space admin defines the bodies of the space and their seats."""
    return can_admin_space(user, space)


def can_prepare_sittings(user, space) -> bool:
    """The space's agents and admins prepare sittings, send convocations, hold the sitting
    (attendance, votes) and publish the acts."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def can_view_body(user, body: Body) -> bool:
    """A council's composition and sittings are public (its sittings are, L2121-18); other
    bodies (bureau, commissions, conférence des maires…) are seen by the space's members."""
    return body.is_council or can_see_members_area(user, body.space) or _is_superuser(user)


def can_view_sitting(user, sitting: Sitting) -> bool:
    """A sitting in preparation is seen by those who prepare it; once convened, by whoever
    may see its body."""
    if sitting.status == SittingStatus.DRAFT:
        return can_prepare_sittings(user, sitting.body.space)
    return can_view_body(user, sitting.body)


# Other apps add who else reads a sitting's dossier (e.g. commissions: followers and the
# councillor named to replace a member, L5211-40-1): functions (user, sitting) -> bool.
DOSSIER_READERS = []


def can_view_dossier(user, sitting: Sitting) -> bool:
    """The convocation's dossier (note de synthèse, annexes, draft deliberations) is for the
    body's members and whoever received a convocation or a copy, and for agents and admins;
    plus whoever an app registered in DOSSIER_READERS lets in."""
    if can_prepare_sittings(user, sitting.body.space):
        return True
    if sitting.status == SittingStatus.DRAFT:
        return False
    if current_seat(user, sitting.body) is not None:
        return True
    person = person_of(user)
    if person is not None and sitting.convocations.filter(person=person).exists():
        return True
    return any(reader(user, sitting) for reader in DOSSIER_READERS)


def can_reply(user, sitting: Sitting) -> bool:
    """A member with a voting seat (titulaire or suppléant) answers the convocation of a
    convened sitting: present, absent, or proxy to another member."""
    seat = current_seat(user, sitting.body)
    return seat is not None and seat.votes and sitting.status in (SittingStatus.CONVENED,)


def can_run_sitting(user, sitting: Sitting) -> bool:
    """Agents and admins of the space, and the sitting's secretary, record attendance and
    votes on the day."""
    if can_prepare_sittings(user, sitting.body.space):
        return True
    person = person_of(user)
    return person is not None and sitting.secretary_id == person.pk


def can_cast_vote(user, sitting: Sitting) -> bool:
    """A member with a voting seat votes from their phone during an open sitting (whether
    they are recorded as present is checked by the service, with a French reason)."""
    seat = current_seat(user, sitting.body)
    return seat is not None and seat.votes and sitting.status == SittingStatus.OPEN


def can_publish_acts(user, space) -> bool:
    """Agents and admins number, publish and correct deliberations and minutes."""
    return can_prepare_sittings(user, space)


def can_view_deliberation(user, deliberation) -> bool:
    """A published deliberation is public (L2131-1: acts online in full); before publication
    it is seen by the agents and admins who publish it."""
    return deliberation.published_at is not None or can_publish_acts(user, deliberation.space)


def can_view_deliberation_list(user, sitting: Sitting) -> bool:
    """The list of a sitting's deliberations is public once published (L2121-25); before, it
    is seen by the agents and admins who publish it."""
    if can_publish_acts(user, sitting.body.space):
        return True
    return sitting.items.filter(deliberation__published_at__isnull=False).exists()


def can_view_minutes(user, sitting: Sitting) -> bool:
    """Published minutes are public (L2121-15); the draft, until then, is read by whoever may
    see the sitting's dossier (the members approve it at the next sitting), agents and admins."""
    minutes = getattr(sitting, "minutes", None)
    if minutes is not None and minutes.published_at is not None:
        return True
    if can_publish_acts(user, sitting.body.space):
        return True
    return sitting.status == SittingStatus.CLOSED and can_view_dossier(user, sitting)


def can_write_minutes(user, sitting: Sitting) -> bool:
    """The minutes are written by the sitting's secretary (L2121-15) with the agents and
    admins of the space, until they are approved."""
    return can_run_sitting(user, sitting)
