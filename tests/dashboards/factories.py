"""What the dashboards read, written straight into the models (the services that write them
are tested in their own apps): projects with communes, milestones, budget and météo; roadmap
items; needs and « nous aussi »; subscriptions; sittings with attendance; survey answers and
opinion requests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.catalogue.models import Service, Subscription
from maillage.meetings.models import Attendance, SittingStatus
from maillage.needs.models import Need, Support
from maillage.opinions.models import Opinion, OpinionRequest, OpinionTarget
from maillage.opinions.models import Status as OpinionStatus
from maillage.polls.models import Audience, Poll, PollKind
from maillage.projects.models import BudgetLine, Milestone, Project, ProjectStatus
from maillage.roadmap.models import ItemStatus, RoadmapItem
from maillage.surveys.models import Participation, Survey, Target
from maillage.surveys.models import Status as SurveyStatus
from tests.meetings.factories import SeatFactory, SittingFactory, council

TODAY = datetime.date(2026, 11, 23)


def project(space, *, communes=(), status=ProjectStatus.IN_PROGRESS, weather="", **kwargs):
    kwargs.setdefault("title", f"Projet {Project.objects.count() + 1}")
    item = Project.objects.create(space=space, status=status, weather=weather, **kwargs)
    item.communes.set(communes)
    return item


def milestone(project, *, due, done_on=None, title=None):
    return Milestone.objects.create(
        project=project,
        title=title or f"Jalon {Milestone.objects.count() + 1}",
        due_date=due,
        done_on=done_on,
    )


def budget_line(project, planned, committed=0, spent=0, label=None):
    return BudgetLine.objects.create(
        project=project,
        label=label or f"Poste {BudgetLine.objects.count() + 1}",
        planned=Decimal(planned),
        committed=Decimal(committed),
        spent=Decimal(spent),
    )


def roadmap_item(space, status=ItemStatus.PLANNED):
    return RoadmapItem.objects.create(
        space=space, title=f"Élément {status}", year_from=2026, year_to=2027, status=status
    )


def need(space, organisation, title="Un besoin", **kwargs):
    return Need.objects.create(
        space=space,
        organisation=organisation,
        theme=kwargs.pop("theme", "Numérique"),
        title=title,
        description="Décrit.",
        **kwargs,
    )


def support(need, organisation):
    return Support.objects.create(need=need, organisation=organisation)


def subscription(space, organisation, name="Messagerie", **kwargs):
    service = Service.objects.create(
        space=space, name=name, available_from=datetime.date(2024, 1, 1), unit_label="comptes"
    )
    return Subscription.objects.create(
        service=service,
        organisation=organisation,
        start_date=kwargs.pop("start_date", datetime.date(2025, 1, 1)),
        units=Decimal(kwargs.pop("units", 12)),
        **kwargs,
    )


def held_sitting(body, days_ago, statuses):
    """A closed sitting `days_ago` days before today, with an attendance per (seat, status)."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    sitting = SittingFactory(body=body, starts_at=starts, status=SittingStatus.CLOSED)
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, seat=seat, status=status) for seat, status in statuses
    )
    return sitting


def council_with(space, people, extra=0):
    body = council(space, people=people)
    for _ in range(extra):
        SeatFactory(body=body)
    return body


def survey(space, *, days_ago=30, deadline_in=10, status=SurveyStatus.OPEN, title="Enquête"):
    now = timezone.now()
    return Survey.objects.create(
        space=space,
        title=title,
        deadline=now + datetime.timedelta(days=deadline_in),
        target=Target.ALL,
        status=status,
        opened_at=now - datetime.timedelta(days=days_ago),
    )


def answered(survey, person, organisation=None):
    return Participation.objects.create(survey=survey, person=person, organisation=organisation)


def opinion_request(space, *, deadline_in=20, title="Avis sur le pacte"):
    today = timezone.localdate()
    return OpinionRequest.objects.create(
        space=space,
        title=title,
        audience="membres",
        rule="libre",
        silence="favorable",
        deadline=today + datetime.timedelta(days=deadline_in),
        status=OpinionStatus.OPEN,
        sent_on=today - datetime.timedelta(days=5),
        sent_at=timezone.now() - datetime.timedelta(days=5),
    )


def target(request, organisation, *, answered=False):
    item = OpinionTarget.objects.create(
        request=request,
        organisation=organisation,
        name=organisation.name,
        received_on=request.sent_on,
    )
    if answered:
        Opinion.objects.create(
            target=item,
            value="favorable",
            recorded_by_name="La maire",
            capacity="executif",
            recorded_at=timezone.now(),
        )
    return item


def poll(space, *, closes_in=3, title="Choix du logo"):
    return Poll.objects.create(
        space=space,
        kind=PollKind.CONSENT,
        title=title,
        audience=Audience.SPACE,
        closes_at=timezone.now() + datetime.timedelta(days=closes_in),
    )
