"""The territory's dashboard: projects by status and météo, late milestones, budget, roadmap,
upcoming sittings and deadlines, participation — as the people of the space read them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.dashboards import participation, steering
from maillage.meetings.models import BodyKind, Presence, SeatKind, SittingStatus
from maillage.projects.models import ProjectStatus, Weather
from maillage.roadmap.models import ItemStatus
from maillage.spaces.models import Space
from tests.meetings.factories import BodyFactory, SeatFactory, SittingFactory
from tests.people.factories import PersonFactory

from . import factories as make

URL = "/espaces/cc-test/tableau-de-bord/"


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_projects_are_counted_by_status_and_by_météo_in_the_chart_and_its_table(world, login):
    make.project(world.space, weather=Weather.ON_TRACK)
    make.project(world.space, weather=Weather.LATE)
    make.project(world.space, status=ProjectStatus.IDEA)
    make.project(world.space, status=ProjectStatus.DONE, weather=Weather.ON_TRACK)
    projects = steering.visible_projects(world.elu.user, world.space)
    assert dict(steering.by_status(projects)) == {
        "Idée": 1,
        "À l'étude": 0,
        "Engagé": 0,
        "En cours": 2,
        "Terminé": 1,
        "Abandonné": 0,
    }
    # A finished project has no météo to watch any more.
    assert steering.by_weather(projects) == [
        ("Dans les temps", 1),
        ("À surveiller", 0),
        ("En retard", 1),
        ("Sans météo", 1),
    ]
    html = page(login(world.elu))
    assert "En cours : 2" in html  # the chart says it in words
    assert '<th scope="row">En cours</th><td class="num">2</td>' in html  # and its table
    assert "4 projets en cours de vie" in html


def test_archived_projects_and_projects_of_another_space_are_left_out(world, login):
    make.project(world.space, archived_at=timezone.now())
    other = Space.objects.create(slug="ailleurs", name="Ailleurs", organisation=world.epci)
    make.project(other, title="Projet d'ailleurs")
    projects = steering.visible_projects(world.elu.user, world.space)
    assert projects.count() == 0
    assert "Projet d'ailleurs" not in page(login(world.elu))


def test_private_projects_are_never_shown_to_someone_outside_the_space(world):
    make.project(world.space, title="Privé", is_public=False)
    make.project(world.space, title="Public", is_public=True)
    titles = [p.title for p in steering.visible_projects(world.outsider.user, world.space)]
    assert titles == ["Public"]


def test_late_milestones_are_listed_oldest_first_and_reached_ones_are_not(world, login):
    today = timezone.localdate()
    a = make.project(world.space, title="Fibre")
    make.milestone(a, due=today - datetime.timedelta(days=3), title="Récent")
    make.milestone(a, due=today - datetime.timedelta(days=40), title="Ancien")
    make.milestone(
        a, due=today - datetime.timedelta(days=10), done_on=today, title="Atteint en retard"
    )
    make.milestone(a, due=today + datetime.timedelta(days=10), title="À venir")
    late = steering.late_milestones(steering.visible_projects(world.elu.user, world.space), today)
    assert [m.title for m in late] == ["Ancien", "Récent"]
    html = page(login(world.elu))
    assert "2 jalons non atteints dont l'échéance est passée" in html
    assert html.index("Ancien") < html.index("Récent")
    assert "Atteint en retard" not in html and "À venir" not in html


def test_the_late_milestones_are_paginated_by_fifty(world, login):
    today = timezone.localdate()
    a = make.project(world.space)
    for n in range(51):
        make.milestone(a, due=today - datetime.timedelta(days=100 - n), title=f"J{n:02d}")
    client = login(world.agent)
    assert "Page 1 sur 2" in page(client)
    second = client.get(URL + "?jalons=2").content.decode()
    assert "J50" in second and "J00" not in second


def test_the_budget_sums_planned_committed_and_spent_exactly(world, login):
    a = make.project(world.space)
    b = make.project(world.space)
    make.budget_line(a, "1000.10", "500.05", "100.01")
    make.budget_line(a, "0.20", "0.10", "0.10")
    make.budget_line(b, "2000", "0", "0")
    make.budget_line(make.project(world.space, archived_at=timezone.now()), "999999")
    budget = steering.budget(steering.visible_projects(world.elu.user, world.space))
    assert (budget.planned, budget.committed, budget.spent) == (
        Decimal("3000.30"),
        Decimal("500.15"),
        Decimal("100.11"),
    )
    assert budget.committed_percent == 17
    html = page(login(world.elu))
    assert "3\u202f000,30\u00a0€" in html
    assert "Prévu : 3\u202f000,30 €" in html  # in the chart


@pytest.mark.parametrize(
    "statuses, done, counted, percent",
    [
        ([], 0, 0, 0),
        ([ItemStatus.DONE, ItemStatus.PLANNED], 1, 2, 50),
        ([ItemStatus.DONE, ItemStatus.DROPPED], 1, 1, 100),
        ([ItemStatus.IN_PROGRESS, ItemStatus.POSTPONED, ItemStatus.DONE], 1, 3, 33),
    ],
)
def test_roadmap_progress_counts_items_achieved_among_those_not_dropped(
    world, statuses, done, counted, percent
):
    for status in statuses:
        make.roadmap_item(world.space, status)
    roadmap = steering.roadmap(world.space)
    assert (roadmap.done, roadmap.counted, roadmap.percent) == (done, counted, percent)


def test_an_empty_roadmap_says_so(world, login):
    assert "n'a pas encore d'élément" in page(login(world.elu))


def test_the_roadmap_progress_is_shown_as_a_bar_with_its_value(world, login):
    make.roadmap_item(world.space, ItemStatus.DONE)
    make.roadmap_item(world.space, ItemStatus.IN_PROGRESS)
    html = page(login(world.elu))
    assert "1 élément réalisé sur 2" in html
    assert "Avancement de la feuille de route : 50 %" in html


def test_upcoming_sittings_in_preparation_and_convocations_to_send_are_for_agents(world, login):
    body = BodyFactory(space=world.space, name="Bureau", kind=BodyKind.BUREAU)
    SittingFactory(body=body, status=SittingStatus.CONVENED, place="Salle A")
    draft = SittingFactory(body=body, status=SittingStatus.DRAFT, place="Salle B")
    SittingFactory(
        body=body,
        status=SittingStatus.CLOSED,
        place="Salle C",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    elu_page = page(login(world.elu))
    assert "Salle A" in elu_page and "Salle B" not in elu_page and "Salle C" not in elu_page
    assert "Convocations à envoyer" not in elu_page
    agent_page = page(login(world.agent))
    assert "Salle A" in agent_page and "Salle B" in agent_page
    deadline = timezone.localdate(draft.starts_at) - datetime.timedelta(days=6)
    assert "Convocations à envoyer" in agent_page
    assert f"{deadline:%d/%m/%Y}" in agent_page


def test_deadlines_of_opinions_surveys_and_polls_are_listed_nearest_first(world, login):
    make.opinion_request(world.space, deadline_in=20, title="Avis sur le pacte")
    make.survey(world.space, deadline_in=10, title="Enquête numérique")
    make.poll(world.space, closes_in=3, title="Choix du logo")
    make.survey(world.space, deadline_in=-1, title="Enquête passée")
    html = page(login(world.agent))
    positions = [html.index(t) for t in ("Choix du logo", "Enquête numérique", "Avis sur le pacte")]
    assert positions == sorted(positions)
    assert "Enquête passée" not in html


def test_attendance_rate_per_body_counts_titulaires_present_over_twelve_months(world, login):
    people = [PersonFactory() for _ in range(4)]
    body = make.council_with(world.space, people)
    seats = list(body.seats.order_by("pk"))
    substitute = SeatFactory(body=body, kind=SeatKind.SUPPLEANT)
    make.held_sitting(
        body,
        30,
        [
            (seats[0], Presence.PRESENT),
            (seats[1], Presence.REMOTE),
            (seats[2], Presence.REPRESENTED),
            (seats[3], Presence.REPLACED),
            (substitute, Presence.PRESENT),  # a suppléant's own row does not count
        ],
    )
    make.held_sitting(body, 400, [(s, Presence.ABSENT) for s in seats])  # out of the window
    rows = participation.attendance_by_body(world.space, timezone.localdate())
    assert [(r.name, r.sittings, r.expected, r.present, r.rate) for r in rows] == [
        ("Conseil", 1, 4, 2, 50)
    ]
    html = page(login(world.elu))
    assert "Conseil : 50 %" in html


def test_answers_to_surveys_and_opinions_are_counted_per_member(world, login):
    other = world.space.members.exclude(organisation=world.commune).get().organisation
    first = make.survey(world.space)
    second = make.survey(world.space)
    make.survey(world.space, days_ago=500)  # opened before the window
    make.answered(first, world.elu)  # a named answer by Bonneville's mayor
    make.answered(second, PersonFactory(), organisation=world.commune)  # in its name
    make.answered(second, world.elu)  # the same survey counts once
    request = make.opinion_request(world.space)
    make.target(request, world.commune, answered=True)
    make.target(request, other)
    figures = participation.member_participation(
        world.space, [world.commune.pk, other.pk], timezone.localdate()
    )
    assert figures[world.commune.pk].surveys_answered == 2
    assert figures[other.pk].surveys_answered == 0
    assert (figures[world.commune.pk].opinions_given, figures[world.commune.pk].opinions_asked) == (
        1,
        1,
    )
    assert (figures[other.pk].opinions_given, figures[other.pk].opinions_asked) == (0, 1)
    html = page(login(world.referent))
    assert "2 / 2" in html and "0 / 2" in html


def test_the_csv_export_has_a_section_per_table_with_french_numbers(world, login):
    a = make.project(world.space, title="Voirie ; phase 1")
    make.budget_line(a, "1234.50", "100", "10")
    make.milestone(a, due=timezone.localdate() - datetime.timedelta(days=5), title="Étude")
    response = login(world.elu).get(URL + "export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffProjets par état\r\n")
    assert "En cours;1\r\n" in text
    assert "1234,50;100,00;10,00\r\n" in text
    assert '"Voirie ; phase 1";Étude;' in text
    assert "Bonneville;74042;0;0;0;0\r\n" in text


def test_a_mayor_finds_the_way_to_their_commune_from_the_dashboard(world, login):
    html = page(login(world.elu))
    assert "Ma commune dans l'interco : Bonneville" in html
    assert f"/tableau-de-bord/membres/{world.commune.pk}/" in html


def test_the_projet_de_territoire_shows_each_axis_with_its_rolled_up_progress(world, login):
    from maillage.roadmap.models import Action, Axis, Objective

    today = timezone.localdate()
    axis = Axis.objects.create(space=world.space, position=1, title="Un territoire connecté")
    objective = Objective.objects.create(axis=axis, position=1, title="Fibre partout")
    action = Action.objects.create(objective=objective, position=1, title="Raccorder")
    carried = make.project(world.space)
    make.milestone(carried, due=today, done_on=today)
    make.milestone(carried, due=today + datetime.timedelta(days=9))
    action.projects.add(carried)
    html = page(login(world.elu))
    assert "1. Un territoire connecté" in html
    assert "Avancement d'ensemble : " in html
