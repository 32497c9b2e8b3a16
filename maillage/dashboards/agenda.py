"""What is coming in a space: the next sittings, the convocations still to send, and the
deadlines of open opinion requests, surveys and polls — each list short (LIMIT rows, the
nearest first) and read in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from maillage.meetings.models import Sitting, SittingStatus
from maillage.meetings.rules import convocation_deadline
from maillage.opinions.models import OpinionRequest
from maillage.opinions.models import Status as OpinionStatus
from maillage.polls.models import Poll, PollStatus
from maillage.surveys.models import Survey
from maillage.surveys.perms import can_view_survey

from . import perms

LIMIT = 10


@dataclass
class Deadline:
    kind: str  # « Convocations à envoyer », « Avis attendu »…
    title: str
    day: datetime.date
    url: str
    late: bool = False


def upcoming_sittings(user, space, now=None) -> list[Sitting]:
    """The next sittings of the space's bodies (convened; in preparation too for those who
    prepare them), nearest first."""
    now = now or timezone.now()
    states = [SittingStatus.CONVENED, SittingStatus.OPEN]
    if perms.can_see_sittings_in_preparation(user, space):
        states.append(SittingStatus.DRAFT)
    return list(
        Sitting.objects.filter(body__space=space, status__in=states, starts_at__gte=now)
        .select_related("body__space")
        .order_by("starts_at", "pk")[:LIMIT]
    )


def deadlines(user, space, now=None) -> list[Deadline]:
    """Dated things to do, nearest first: convocations to send (for those who prepare
    sittings), opinions awaited, surveys and polls closing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows: list[Deadline] = []
    if perms.can_see_sittings_in_preparation(user, space):
        drafts = (
            Sitting.objects.filter(
                body__space=space, status=SittingStatus.DRAFT, starts_at__gte=now
            )
            .select_related("body__space")
            .order_by("starts_at", "pk")[:LIMIT]
        )
        for sitting in drafts:
            day = convocation_deadline(timezone.localdate(sitting.starts_at), sitting.clear_days)
            rows.append(
                Deadline(
                    "Convocations à envoyer",
                    str(sitting),
                    day,
                    sitting.get_absolute_url(),
                    late=day < today,
                )
            )
    requests = (
        OpinionRequest.objects.filter(space=space, status=OpinionStatus.OPEN, deadline__gte=today)
        .select_related("space")
        .order_by("deadline", "pk")[:LIMIT]
    )
    # Members of the space see every sent request (opinions.perms.can_see_all_requests);
    # the dashboard is only shown to them.
    rows += [Deadline("Avis attendus", r.title, r.deadline, r.get_absolute_url()) for r in requests]
    surveys = (Survey.objects.accepting(now).filter(space=space).select_related("space")).order_by(
        "deadline", "pk"
    )[:LIMIT]
    rows += [
        Deadline(
            "Enquête : clôture",
            s.title,
            timezone.localdate(s.deadline),
            s.get_absolute_url(),
        )
        for s in surveys
        # A survey is seen by its builders and the people it asks (at most LIMIT checks).
        if can_view_survey(user, s)
    ]
    polls = (
        Poll.objects.filter(space=space, status=PollStatus.OPEN, closes_at__gt=now)
        .select_related("space")
        .order_by("closes_at", "pk")[:LIMIT]
    )
    rows += [
        Deadline(
            "Sondage : clôture", p.title, timezone.localdate(p.closes_at), p.get_absolute_url()
        )
        for p in polls
    ]
    rows.sort(key=lambda d: (d.day, d.kind, d.title))
    return rows[: LIMIT * 2]
