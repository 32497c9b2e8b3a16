"""Participation figures of a space, aggregated in SQL: attendance per body and per seat over
the last twelve months, answers to surveys and to opinion requests per member organisation.

Each function runs a fixed number of queries whatever the number of sittings, seats,
surveys or answers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from maillage.meetings.models import PRESENT_STATES, Attendance, Seat, SeatKind
from maillage.opinions.models import OpinionTarget
from maillage.opinions.models import Status as OpinionStatus
from maillage.people.models import Mandate
from maillage.surveys.models import Participation, Survey
from maillage.surveys.models import Status as SurveyStatus

from .charts import percent

# The window of the participation figures *(choice: the last twelve months, a rolling year)*.
WINDOW_DAYS = 365


def window_start(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=WINDOW_DAYS)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class BodyAttendance:
    body_id: int
    name: str
    sittings: int
    expected: int  # attendances recorded for the titulaires
    present: int  # present in the room or remotely

    @property
    def rate(self) -> int:
        return percent(self.present, self.expected)


def attendance_by_body(space, today: datetime.date) -> list[BodyAttendance]:
    """The attendance rate of each body's titulaires over the window: members present (in the
    room or remotely in a multi-site sitting) out of the attendances recorded *(choice: a
    member replaced by their suppléant or represented by a proxy is not counted present)*."""
    rows = (
        Attendance.objects.filter(
            sitting__body__space=space,
            seat__kind=SeatKind.TITULAIRE,
            sitting__starts_at__gte=_start_of(window_start(today)),
            sitting__starts_at__lt=_start_of(today + datetime.timedelta(days=1)),
        )
        .values("sitting__body_id", "sitting__body__name")
        .annotate(
            sittings=Count("sitting", distinct=True),
            expected=Count("pk"),
            present=Count("pk", filter=Q(status__in=PRESENT_STATES)),
        )
        .order_by("sitting__body__name", "sitting__body_id")
    )
    return [
        BodyAttendance(
            r["sitting__body_id"],
            r["sitting__body__name"],
            r["sittings"],
            r["expected"],
            r["present"],
        )
        for r in rows
    ]


def seats_of_member(space, organisation, today: datetime.date) -> list[Seat]:
    """The current seats, in the space's bodies, of the organisation's élus (a current elected
    mandate in it) or held for it, each with `expected` and `present` over the window."""
    elected = Mandate.objects.current().elected().filter(organisation=organisation)
    in_window = Q(
        attendances__sitting__starts_at__gte=_start_of(window_start(today)),
        attendances__sitting__starts_at__lt=_start_of(today + datetime.timedelta(days=1)),
    )
    seats = (
        Seat.objects.current()
        .filter(body__space=space)
        .filter(Q(person_id__in=elected.values("person_id")) | Q(organisation=organisation))
        .select_related("body", "person")
        .annotate(
            expected=Count("attendances", filter=in_window),
            present=Count(
                "attendances", filter=in_window & Q(attendances__status__in=PRESENT_STATES)
            ),
        )
        .order_by("person__last_name", "person__first_name", "body__name", "pk")
    )
    seats = list(seats)
    for seat in seats:
        seat.rate = percent(seat.present, seat.expected) if seat.expected else None
    return seats


@dataclass
class MemberParticipation:
    organisation_id: int
    surveys_answered: int = 0
    opinions_asked: int = 0
    opinions_given: int = 0


def surveys_in_window(space, today: datetime.date):
    """The space's surveys opened during the window (drafts never count)."""
    return Survey.objects.filter(
        space=space, opened_at__gte=_start_of(window_start(today))
    ).exclude(status=SurveyStatus.DRAFT)


def member_participation(space, member_ids, today: datetime.date) -> dict:
    """For each member organisation: the surveys of the window that someone answered for it
    (an answer in the organisation's name, or a named answer by one of its élus or agents —
    a current mandate in it), and the opinion requests sent to it during the window with how
    many it answered. Three queries, whatever the number of members, surveys or answers."""
    member_ids = list(member_ids)
    result = {pk: MemberParticipation(pk) for pk in member_ids}
    surveys = surveys_in_window(space, today).values("pk")
    pairs = set(
        Participation.objects.filter(survey__in=surveys, organisation_id__in=member_ids)
        .values_list("organisation_id", "survey_id")
        .distinct()
    )
    pairs |= set(
        Participation.objects.filter(
            survey__in=surveys,
            organisation__isnull=True,
            person__mandates__end_date__isnull=True,
            person__mandates__organisation_id__in=member_ids,
        )
        .values_list("person__mandates__organisation_id", "survey_id")
        .distinct()
    )
    for organisation_id, _survey in pairs:
        result[organisation_id].surveys_answered += 1
    targets = (
        OpinionTarget.objects.filter(
            request__space=space,
            organisation_id__in=member_ids,
            person__isnull=True,
            request__sent_on__gte=window_start(today),
        )
        .exclude(request__status=OpinionStatus.DRAFT)
        .values("organisation_id")
        .annotate(asked=Count("pk", distinct=True), given=Count("opinions", distinct=True))
        .order_by()
    )
    for row in targets:
        result[row["organisation_id"]].opinions_asked = row["asked"]
        result[row["organisation_id"]].opinions_given = row["given"]
    return result
