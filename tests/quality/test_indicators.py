"""The SQL aggregation of the indicators, on data, with a constant number of queries."""

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.audit.services import log_action
from maillage.bulletins.models import Delivery, DeliveryStatus, Issue
from maillage.dashboards.charts import bar_chart
from maillage.experiences import services as experience_services
from maillage.experiences.models import Experience, Visibility
from maillage.meetings.models import Attendance, Presence, SittingStatus
from maillage.needs.models import Need
from maillage.projects.models import Project, ProjectStatus, StatusChange
from maillage.quality.indicators import indicators_for
from tests.bulletins.factories import make_issue
from tests.experiences.factories import make_experience
from tests.meetings.factories import SeatFactory, SittingFactory, at, closed_sitting, council

YEAR = 2025


def by_key(space):
    return {item.key: item for item in indicators_for(space, YEAR)}


def test_sittings_are_counted_per_body_and_quarter(world):
    body = council(world.space)
    closed_sitting(body, at(YEAR, 2, 10))
    closed_sitting(body, at(YEAR, 5, 10))
    closed_sitting(body, at(YEAR - 1, 5, 10))  # another year
    SittingFactory(body=body, starts_at=at(YEAR, 6, 1), status=SittingStatus.CANCELLED)
    item = by_key(world.space)["seances"]
    assert item.value == 2
    assert item.rows == [["Conseil", 1, 1, 0, 0, 2]]


def test_convocation_delays_follow_the_clear_days(world):
    body = council(world.space)
    closed_sitting(body, at(YEAR, 3, 10), convened_at=at(YEAR, 3, 4, 9), clear_days=5)
    closed_sitting(body, at(YEAR, 3, 20), convened_at=at(YEAR, 3, 17, 9), clear_days=5)
    item = by_key(world.space)["convocations"]
    assert item.value == Decimal("50.0")
    assert item.rows[0] == ["T1", 2, 1, Decimal("50.0")]


def test_attendance_counts_remote_presence_and_not_proxies(world):
    body = council(world.space)
    sitting = closed_sitting(body, at(YEAR, 4, 10))
    for status in (Presence.PRESENT, Presence.REMOTE, Presence.REPRESENTED, Presence.ABSENT):
        Attendance.objects.create(sitting=sitting, seat=SeatFactory(body=body), status=status)
    item = by_key(world.space)["assiduite"]
    assert item.value == Decimal("50.0")
    assert item.rows[1][1:] == [4, 2, 1, 0, Decimal("50.0")]


def test_projects_done_by_their_end_date_are_on_time(world):
    def done(title, end, done_on):
        project = Project.objects.create(
            space=world.space, title=title, status=ProjectStatus.DONE, end_date=end
        )
        change = StatusChange.objects.create(
            project=project, from_status=ProjectStatus.IN_PROGRESS, to_status=ProjectStatus.DONE
        )
        moment = timezone.make_aware(datetime.datetime.combine(done_on, datetime.time(12)))
        StatusChange.objects.filter(pk=change.pk).update(changed_at=moment)

    done("À l'heure", datetime.date(YEAR, 6, 30), datetime.date(YEAR, 6, 30))
    done("En retard", datetime.date(YEAR, 6, 30), datetime.date(YEAR, 7, 2))
    done("Sans date", None, datetime.date(YEAR, 7, 2))
    item = by_key(world.space)["projets"]
    assert item.value == Decimal("50.0")
    assert [row[3] for row in item.rows] == ["oui", "non", "sans date de fin prévue"]
    # The headline is a rate; the bars count projects, and say so.
    chart = bar_chart("c", item.title, item.bars, **item.chart_options())
    assert "Dans les délais : 1 projet<" in chart and "En retard : 1 projet<" in chart


def test_the_median_answer_time_of_needs_comes_from_the_action_log(world):
    from maillage.audit.models import ActionLog

    for days in (2, 4, 30):
        need = Need.objects.create(
            space=world.space,
            organisation=world.commune,
            theme="RH",
            title=f"Besoin {days}",
            description="…",
        )
        created = timezone.make_aware(datetime.datetime(YEAR, 3, 1, 10))
        Need.objects.filter(pk=need.pk).update(created_at=created)
        entry = log_action(
            actor=None,
            action="needs.status",
            obj=need,
            space=world.space,
            data={"from": "ouvert", "to": "etude"},
        )
        ActionLog.objects.filter(pk=entry.pk).update(at=created + datetime.timedelta(days=days))
    item = by_key(world.space)["besoins"]
    assert item.value == Decimal("4.0")


def test_sent_bulletins_are_counted_with_their_mails_per_quarter(world):
    first = make_issue(world.space, sent=True)
    second = make_issue(world.space, sent=True)
    make_issue(world.space, sent=True)  # sent another year
    make_issue(world.space)  # a draft
    Issue.objects.filter(pk=first.pk).update(sent_at=at(YEAR, 2, 3))
    Issue.objects.filter(pk=second.pk).update(sent_at=at(YEAR, 11, 3))
    Issue.objects.exclude(pk__in=[first.pk, second.pk]).update(sent_at=at(YEAR - 1, 2, 3))
    for n, status in enumerate(
        [DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.BOUNCED, DeliveryStatus.QUEUED]
    ):
        Delivery.objects.create(issue=first, address=f"a{n}@example.org", status=status)
    item = by_key(world.space)["bulletins"]
    assert item.value == 2
    assert item.rows == [["T1", 1, 2, 1], ["T2", 0, 0, 0], ["T3", 0, 0, 0], ["T4", 1, 0, 0]]
    assert item.value_text == "2 numéros"


def test_experiences_count_the_published_ones_the_public_ones_and_their_helpful_marks(world):
    shared = make_experience(world.space, world.elu, visibility=Visibility.PUBLIC)
    make_experience(world.space, world.elu)
    archived = make_experience(world.space, world.elu)
    experience_services.say_helpful(actor=world.agent.user, experience=shared)
    experience_services.say_helpful(actor=world.referent.user, experience=shared)
    experience_services.withdraw_helpful(actor=world.referent.user, experience=shared)
    experience_services.archive_experience(actor=world.elu.user, experience=archived)
    Experience.objects.update(created_at=at(YEAR, 7, 1))
    item = by_key(world.space)["experiences"]
    assert item.value == 2
    assert item.rows[2] == ["T3", 2, 1, 1]
    assert item.value_text == "2 retours"
    Experience.objects.exclude(pk=shared.pk).update(created_at=at(YEAR - 1, 7, 1))
    assert by_key(world.space)["experiences"].value_text == "1 retour"


def test_indicators_cost_the_same_queries_with_more_data(world, django_assert_max_num_queries):
    body = council(world.space)
    closed_sitting(body, at(YEAR, 2, 10), convened_at=at(YEAR, 2, 1))
    with django_assert_max_num_queries(11):
        indicators_for(world.space, YEAR)
    for day in range(1, 28):
        closed_sitting(body, at(YEAR, 3, day), convened_at=at(YEAR, 2, 1))
    with django_assert_max_num_queries(11):
        indicators_for(world.space, YEAR)
