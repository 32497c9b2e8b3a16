"""Who may see and do what with opinion requests. One function per decision; the docstring is
the rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.meetings.models import Seat, SeatKind
from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import can_see_members_area, person_of, roles

from .models import Capacity, OpinionRequest, OpinionTarget, Status

# Who speaks for a member organisation: the mayor of a commune, the president otherwise.
HEAD_FUNCTIONS = (Function.MAIRE, Function.PRESIDENT)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_manage_requests(user, space) -> bool:
    """The space's agents and admins prepare requests, send them, see them in preparation and
    record an opinion on a council's behalf (from a paper deliberation)."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def can_view_request(user, request: OpinionRequest) -> bool:
    """A request in preparation is seen by those who prepare it; once sent, by anyone of the
    space (élus, référents, agents, admins), and by everyone if it is marked public. The
    document, the summary table, its CSV and the deliberations follow the same rule. A request
    to a body is also read by the body's members."""
    if request.status == Status.DRAFT:
        return can_manage_requests(user, request.space)
    if request.is_public or _is_superuser(user) or can_see_members_area(user, request.space):
        return True
    return _sits_in_body(user, request)


def _sits_in_body(user, request: OpinionRequest) -> bool:
    """A member of the body asked (a DGS in the commission des DGS may hold no role in the
    space) reads what is asked of them."""
    person = person_of(user)
    if person is None or request.body_id is None:
        return False
    return Seat.objects.current().filter(body_id=request.body_id, person=person).exists()


def can_see_all_requests(user, space) -> bool:
    """Anyone of the space sees every sent request in the list; others see the public ones."""
    return _is_superuser(user) or can_see_members_area(user, space)


def recording_capacity(user, target: OpinionTarget) -> str | None:
    """In what capacity the user may record the target's opinion, or None.

    - For a member organisation: its mayor (current MAIRE mandate; the president for another
      kind of organisation), or a référent of the space for that organisation.
    - For an organisation represented in a body: a person seated for it, or its référent.
    - For a person seated in a body: that person.
    - In every case, an agent or admin of the space, on the council's behalf.
    """
    request = target.request
    person = person_of(user)
    if person is not None:
        if target.person_id is not None:
            if target.person_id == person.pk:
                return Capacity.MEMBER
        else:
            if request.body_id is None:
                is_head = (
                    Mandate.objects.current()
                    .filter(
                        person=person,
                        organisation_id=target.organisation_id,
                        function__in=HEAD_FUNCTIONS,
                    )
                    .exists()
                )
                if is_head:
                    return Capacity.HEAD
            elif (
                Seat.objects.current()
                .filter(
                    body_id=request.body_id,
                    person=person,
                    organisation_id=target.organisation_id,
                    kind=SeatKind.TITULAIRE,
                )
                .exists()
            ):
                return Capacity.MEMBER
            is_referent = (
                SpaceRole.objects.current()
                .filter(
                    space_id=request.space_id,
                    person=person,
                    role=Role.REFERENT,
                    organisation_id=target.organisation_id,
                )
                .exists()
            )
            if is_referent:
                return Capacity.REFERENT
    if can_manage_requests(user, request.space):
        return Capacity.AGENT
    return None


def can_record_opinion(user, target: OpinionTarget) -> bool:
    """See `recording_capacity`: the mayor (or president), the référent for the organisation,
    the seated member, or an agent or admin of the space. Whether the deadline has passed is
    checked by the service, with a French reason."""
    return recording_capacity(user, target) is not None


def answerable_target_ids(user, request: OpinionRequest) -> set[int]:
    """The targets the user may answer for in person (as mayor, référent or member), for the
    "your opinion" links of the request page: two or three queries, whatever the size."""
    person = person_of(user)
    if person is None or request.status == Status.DRAFT:
        return set()
    targets = request.targets.all()
    if request.by_person:
        return set(targets.filter(person=person).values_list("pk", flat=True))
    organisations = set(
        SpaceRole.objects.current()
        .filter(space_id=request.space_id, person=person, role=Role.REFERENT)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    )
    if request.body_id is None:
        organisations |= set(
            Mandate.objects.current()
            .filter(person=person, function__in=HEAD_FUNCTIONS)
            .values_list("organisation_id", flat=True)
        )
    else:
        organisations |= set(
            Seat.objects.current()
            .filter(body_id=request.body_id, person=person, kind=SeatKind.TITULAIRE)
            .exclude(organisation=None)
            .values_list("organisation_id", flat=True)
        )
    return set(
        targets.filter(organisation_id__in=organisations, person=None).values_list("pk", flat=True)
    )
