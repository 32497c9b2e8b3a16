"""The dashboards' query count does not grow with the number of projects, milestones,
sittings, needs or members: everything is aggregated in SQL, lists are paginated."""

import datetime

import pytest
from django.utils import timezone

from maillage.meetings.models import Presence
from maillage.roadmap.models import Action, Axis, ItemStatus, Objective
from tests.meetings.factories import SittingFactory
from tests.people.factories import MandateFactory, PersonFactory
from tests.spaces.factories import add_space_members
from tests.territories.factories import CommuneFactory

from . import factories as make

# The bounds, the same at one row and at fifty (measured; they include the page's header:
# session, user, person, roles, unread notifications).
TERRITORY_QUERIES = 34
MEMBER_QUERIES = 24
MEMBER_LIST_QUERIES = 12


def populate(world, size):
    today = timezone.localdate()
    communes = [CommuneFactory() for _ in range(size)]
    add_space_members(world.space, communes)
    people = [PersonFactory() for _ in range(size)]
    for person, commune in zip(people, communes, strict=True):
        MandateFactory(person=person, organisation=commune, function="maire")
    body = make.council_with(world.space, [world.elu, *people])
    seats = list(body.seats.all())
    axis = Axis.objects.create(space=world.space, position=1, title="Axe")
    objective = Objective.objects.create(axis=axis, position=1, title="Objectif")
    for n in range(size):
        project = make.project(
            world.space, communes=[world.commune, communes[n]], weather="ok" if n % 2 else ""
        )
        make.milestone(project, due=today - datetime.timedelta(days=n + 1))
        make.milestone(project, due=today + datetime.timedelta(days=n + 1))
        make.budget_line(project, 1000, 100, 10)
        action = Action.objects.create(objective=objective, position=n + 1, title=f"Action {n}")
        action.projects.add(project)
        make.roadmap_item(world.space, ItemStatus.DONE if n % 2 else ItemStatus.PLANNED)
        need = make.need(world.space, world.commune, title=f"Besoin {n}")
        make.support(need, communes[n])
        make.subscription(world.space, world.commune, name=f"Service {n}")
        make.held_sitting(body, 10 + n, [(seat, Presence.PRESENT) for seat in seats])
        SittingFactory(body=body, status="convoquee")
        survey = make.survey(world.space, title=f"Enquête {n}")
        make.answered(survey, people[n])
        request = make.opinion_request(world.space, title=f"Avis {n}")
        make.target(request, communes[n], answered=True)
        make.poll(world.space, title=f"Sondage {n}")


@pytest.mark.parametrize("size", [1, 50])
def test_the_territory_dashboard_costs_the_same_queries_whatever_its_size(
    world, login, django_assert_max_num_queries, size
):
    populate(world, size)
    client = login(world.agent)
    with django_assert_max_num_queries(TERRITORY_QUERIES):
        response = client.get("/espaces/cc-test/tableau-de-bord/")
    assert response.status_code == 200
    assert f"{size} jalon" in response.content.decode()


@pytest.mark.parametrize("size", [1, 50])
def test_a_commune_dashboard_costs_the_same_queries_whatever_its_size(
    world, login, django_assert_max_num_queries, size
):
    populate(world, size)
    client = login(world.elu)
    with django_assert_max_num_queries(MEMBER_QUERIES):
        response = client.get(f"/espaces/cc-test/tableau-de-bord/membres/{world.commune.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('data-label="Projet"') == size


@pytest.mark.parametrize("size", [1, 50])
def test_the_exports_cost_the_same_queries_whatever_their_size(
    world, login, django_assert_max_num_queries, size
):
    populate(world, size)
    client = login(world.agent)
    with django_assert_max_num_queries(TERRITORY_QUERIES):
        b"".join(client.get("/espaces/cc-test/tableau-de-bord/export.csv").streaming_content)
    with django_assert_max_num_queries(MEMBER_QUERIES):
        b"".join(
            client.get(
                f"/espaces/cc-test/tableau-de-bord/membres/{world.commune.pk}/export.csv"
            ).streaming_content
        )


@pytest.mark.parametrize("size", [1, 50])
def test_the_list_of_members_costs_the_same_queries_whatever_its_length(
    world, login, django_assert_max_num_queries, size
):
    add_space_members(world.space, [CommuneFactory() for _ in range(size)])
    client = login(world.elu)
    with django_assert_max_num_queries(MEMBER_LIST_QUERIES):
        response = client.get("/espaces/cc-test/tableau-de-bord/membres/")
    assert response.content.decode().count("/tableau-de-bord/membres/") >= min(size, 50)
