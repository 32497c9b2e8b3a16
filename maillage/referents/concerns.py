"""What concerns one référent, gathered from the other capabilities: their organisation's
open needs and subscriptions, the services they answer for, the opinion requests and
surveys waiting for an answer, and the sittings they are convened to. A fixed number of
queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from maillage.catalogue.models import Subscription
from maillage.meetings.models import Convocation, SittingStatus
from maillage.needs.models import Need
from maillage.needs.models import Status as NeedStatus
from maillage.opinions.models import Opinion, OpinionTarget
from maillage.opinions.models import Status as OpinionStatus
from maillage.surveys.models import Participation, Survey
from maillage.surveys.targets import targeted_filter

LIMIT = 50  # each block shows its first 50 rows and says how many there are


@dataclass
class Block:
    rows: list = field(default_factory=list)
    total: int = 0


def _block(queryset) -> Block:
    rows = list(queryset[: LIMIT + 1])
    total = len(rows) if len(rows) <= LIMIT else queryset.count()
    return Block(rows[:LIMIT], total)


def concerns(role, *, now=None) -> dict[str, Block]:
    space, person, organisation = role.space, role.person, role.organisation
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = {}
    by_org = Q(organisation=organisation) if organisation is not None else Q(pk__in=[])
    result["needs"] = _block(
        Need.objects.in_space(space)
        .filter(by_org, status__in=[NeedStatus.OPEN, NeedStatus.STUDY])
        .order_by("-created_at", "-pk")
    )
    result["subscriptions"] = _block(
        Subscription.objects.in_space(space)
        .filter(by_org)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("service__space")
        .order_by("service__name", "start_date")
    )
    result["services"] = _block(
        role.service_assignments.current()
        .select_related("service__space")
        .order_by("service__name")
    )
    answered = Opinion.objects.filter(target=OuterRef("pk"))
    person_or_org = Q(person=person) | (
        Q(organisation=organisation, person__isnull=True) if organisation else Q(pk__in=[])
    )
    result["opinions"] = _block(
        OpinionTarget.objects.filter(
            person_or_org, request__space=space, request__status=OpinionStatus.OPEN
        )
        .filter(~Exists(answered))
        .select_related("request__space")
        .order_by("request__deadline", "pk")
    )
    participated = Participation.objects.filter(survey=OuterRef("pk")).filter(
        Q(person=person) | (Q(organisation=organisation) if organisation else Q(pk__in=[]))
    )
    result["surveys"] = _block(
        Survey.objects.accepting(now)
        .filter(space=space)
        .filter(targeted_filter(space, person))
        .filter(~Exists(participated))
        .select_related("space")
        .order_by("deadline", "pk")
    )
    result["sittings"] = _block(
        Convocation.objects.filter(
            person=person, sitting__body__space=space, sitting__starts_at__gte=now
        )
        .exclude(sitting__status=SittingStatus.CANCELLED)
        .select_related("sitting__body__space")
        .order_by("sitting__starts_at")
    )
    return result
