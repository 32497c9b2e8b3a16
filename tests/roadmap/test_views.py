"""Pages of the steering: the public projet de territoire, writing it, the roadmap and its
versions, the experiments; refusals shown in the form; query counts that do not grow."""

import datetime

import pytest

from maillage.people.models import Function
from maillage.projects.models import ProjectStatus
from maillage.roadmap import services
from maillage.roadmap.models import Decision, Objective, RoadmapItem, VersionStatus
from tests.people.factories import MandateFactory, person_with_account

from .factories import deliberation, experiment, item, project, tree

pytestmark = pytest.mark.django_db

T = "/espaces/cc-test/projet-de-territoire/"
R = "/espaces/cc-test/feuille-de-route/"
E = "/espaces/cc-test/experimentations/"


def test_the_space_home_links_to_the_territory_project(client, world):
    html = client.get("/espaces/cc-test/").content.decode()
    assert T in html and R + "adoptee/" in html


def test_the_public_page_shows_progress_as_a_bar_and_as_text_and_names_public_projects_only(
    client, world
):
    public = project(world.space, "Fibre pour tous", status=ProjectStatus.DONE)
    private = project(world.space, "Dossier interne", status=ProjectStatus.IDEA, public=False)
    tree(world.space, None, projects=[public, private])
    html = client.get(T).content.decode()
    assert "Avancement de l'action : 50 %" in html
    assert 'class="roadmap-bar"' in html
    assert "Fibre pour tous" in html and "Dossier interne" not in html
    assert "1 projet non public" in html
    assert "Modifier" not in html


def test_members_see_every_project_name(login, world):
    private = project(world.space, "Dossier interne", public=False)
    tree(world.space, None, projects=[private])
    assert "Dossier interne" in login(world.elu).get(T).content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_public_page_query_count_does_not_grow_with_actions_and_projects(
    client, world, django_assert_max_num_queries, count
):
    projects = [project(world.space, f"P{i}", status=ProjectStatus.DONE) for i in range(count)]
    tree(world.space, None, axes=1, objectives=1, actions=count, projects=projects)
    with django_assert_max_num_queries(9):
        response = client.get(T)
    assert response.context["tree"].action_count == count


def test_an_objective_without_axis_is_refused_and_the_form_keeps_what_was_typed(login, world):
    services.create_axis(actor=None, space=world.space, title="Axe")
    response = login(world.agent).post(
        T + "objectifs/nouveau/", {"title": "Objectif sans axe", "description": "Texte"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez l&#x27;axe auquel l&#x27;objectif appartient." in html
    assert "Objectif sans axe" in html and "Texte" in html
    assert not Objective.objects.exists()


def test_writing_an_action_linked_to_a_project(login, world):
    carried = project(world.space, "Maison de santé")
    (action,) = tree(world.space, None)
    client = login(world.agent)
    response = client.post(
        T + "actions/nouvelle/",
        {"objective": action.objective_id, "title": "Ouvrir", "projects": [carried.pk]},
    )
    assert response.status_code == 302 and "#action-" in response["Location"]
    assert "Maison de santé" in client.get(T).content.decode()


def test_the_president_of_the_epci_writes_the_territory_project_an_elu_may_not(login, world):
    president = person_with_account(first_name="Paul", last_name="Président")
    MandateFactory(person=president, organisation=world.epci, function=Function.PRESIDENT)
    assert login(president).get(T + "axes/nouveau/").status_code == 200
    response = login(world.elu).get(T + "axes/nouveau/")
    assert response.status_code == 403
    assert "président et aux vice-présidents" in response.content.decode()


def test_moving_and_archiving_from_the_page(login, world):
    first, second = tree(world.space, None, actions=2)
    client = login(world.agent)
    client.post(f"{T}actions/{second.pk}/deplacer/", {"direction": "up"})
    assert client.get(T).context["tree"].axes[0].children[0].children[0].obj == second
    client.post(f"{T}actions/{first.pk}/archiver/")
    assert client.get(T).context["tree"].action_count == 1


# --- Roadmap -------------------------------------------------------------------------------------


ITEM = {"title": "Portail", "priority": 1, "year_from": 2026, "year_to": 2027,
        "budget": "1500,50", "fte": "0,5", "status": "prevu"}  # fmt: skip


@pytest.mark.parametrize(
    "change, message",
    [
        ({"year_from": 2028}, "L&#x27;année de fin précède l&#x27;année de début"),
        ({"budget": "-10"}, "supérieure ou égale à 0"),
        ({"fte": "-1"}, "supérieure ou égale à 0"),
    ],
)
def test_bad_items_are_refused_in_the_form_and_nothing_is_lost(login, world, change, message):
    response = login(world.agent).post(R + "elements/nouveau/", ITEM | change)
    html = response.content.decode()
    assert message in html
    assert 'value="Portail"' in html
    assert not RoadmapItem.objects.exists()


def test_an_item_written_in_french_decimals(login, world):
    response = login(world.agent).post(R + "elements/nouveau/", ITEM)
    assert response.status_code == 302
    made = RoadmapItem.objects.get()
    assert (str(made.budget), str(made.fte)) == ("1500.50", "0.50")


@pytest.mark.parametrize("count", [1, 50])
def test_the_roadmap_query_count_does_not_grow_with_the_items(
    login, world, django_assert_max_num_queries, count
):
    linked = [project(world.space, "P")]
    for i in range(count):
        item(world.space, None, title=f"Élément {i}", projects=linked)
    client = login(world.agent)
    with django_assert_max_num_queries(20):  # 19 + the items per year of the chart
        response = client.get(R)
    assert len(response.context["page"]) == count


def test_propose_adopt_change_and_see_the_differences(login, world):
    made = item(world.space, None)
    act = deliberation(world.space)
    client = login(world.agent)
    response = client.post(R + "versions/proposer/", {"note": "Première feuille de route"})
    assert response["Location"] == R + "versions/1/"
    response = client.post(R + "versions/1/adopter/", {"deliberation": act.pk})
    assert response.status_code == 302
    response = client.post(f"{R}elements/{made.pk}/modifier/", ITEM | {"title": "Portail neuf"})
    assert response.status_code == 302, response.content.decode()
    html = client.get(R + "changements/").content.decode()
    assert "depuis la version 1 adoptée" in html
    assert "Intitulé" in html and "Portail neuf" in html and "Moyens financiers" in html
    public = client.get(R + "adoptee/").content.decode()
    assert "Version 1, adoptée le" in public and f"n° {act.number}" in public


def test_a_deliberation_of_another_space_cannot_be_chosen(login, world):
    from tests.spaces.factories import SpaceFactory

    item(world.space, None)
    services.propose_version(actor=None, space=world.space)
    foreign = deliberation(SpaceFactory())
    response = login(world.agent).post(R + "versions/1/adopter/", {"deliberation": foreign.pk})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert world.space.roadmap_versions.get().status == VersionStatus.PROPOSED


def test_the_public_adopted_page_names_only_public_projects(client, world):
    item(world.space, None, projects=[project(world.space, "Public"),
                                       project(world.space, "Secret", public=False)])  # fmt: skip
    version = services.propose_version(actor=None, space=world.space)
    services.adopt_version(actor=None, version=version, deliberation=deliberation(world.space))
    html = client.get(R + "adoptee/").content.decode()
    assert "Public" in html and "Secret" not in html and "1 non public" in html


def test_comparing_two_versions(login, world):
    item(world.space, None, title="Un")
    v1 = services.propose_version(actor=None, space=world.space)
    services.withdraw_version(actor=None, version=v1)
    item(world.space, None, title="Deux")
    services.propose_version(actor=None, space=world.space)
    html = login(world.elu).get(R + "comparer/?de=1&a=2").content.decode()
    assert "De la version 1 à la version 2" in html and "Deux" in html
    assert (
        "Choisissez deux versions"
        in login(world.elu).get(R + "comparer/?de=1&a=9").content.decode()
    )


@pytest.mark.parametrize("count", [1, 50])
def test_the_versions_and_experiments_lists_do_not_grow_in_queries(
    login, world, django_assert_max_num_queries, count
):
    for i in range(count):
        item(world.space, None, title=f"Élément {i}")
        version = services.propose_version(actor=None, space=world.space)
        services.withdraw_version(actor=None, version=version)
        experiment(world.space, None, title=f"Essai {i}", pilots=[world.commune])
    client = login(world.elu)
    with django_assert_max_num_queries(10):
        assert len(client.get(R + "versions/").context["page"]) == count
    with django_assert_max_num_queries(11):
        assert len(client.get(E).context["page"]) == count


# --- Experiments ---------------------------------------------------------------------------------


def test_starting_an_experiment_links_to_the_survey_creation(login, world):
    html = login(world.agent).get(E + "nouvelle/").content.decode()
    assert "/espaces/cc-test/enquetes/nouvelle/" in html
    response = login(world.agent).post(
        E + "nouvelle/",
        {"title": "Essai", "hypothesis": "H", "criteria": "C", "pilots": [world.commune.pk],
         "start_date": "2026-01-01", "end_date": "2025-12-01"},
    )  # fmt: skip
    assert "La fin précède le début." in response.content.decode()


def test_a_vice_president_who_steers_is_not_offered_a_survey_they_may_not_create(login, world):
    MandateFactory(person=world.elu, organisation=world.epci, function=Function.VICE_PRESIDENT)
    trial = experiment(world.space, None)
    client = login(world.elu)
    for url in (E + "nouvelle/", f"{E}{trial.pk}/", f"{E}{trial.pk}/modifier/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/enquetes/nouvelle/" not in response.content.decode(), url
    assert client.get("/espaces/cc-test/enquetes/nouvelle/").status_code == 403


def test_a_decision_before_the_start_is_refused_then_a_generalisation_creates_the_item(
    login, world
):
    trial = experiment(world.space, None)
    client = login(world.agent)
    url = f"{E}{trial.pk}/decision/"
    data = {"outcome": "generaliser", "reason": "Concluant", "decided_on": "2025-12-01",
            "create_item": "on"}  # fmt: skip
    html = client.post(url, data).content.decode()
    assert "ne peut pas précéder le début" in html and "Concluant" in html
    today = datetime.date.today().isoformat()
    assert client.post(url, data | {"decided_on": today}).status_code == 302
    decision = Decision.objects.get()
    assert decision.roadmap_item.title.startswith("Généralisation")
    page = client.get(f"{E}{trial.pk}/").content.decode()
    assert "En vigueur" in page and "Généraliser" in page


def test_the_roadmap_draws_the_items_planned_each_year_with_their_table(login, world):
    item(world.space, None, title="Portail", year_from=2026, year_to=2028)
    item(world.space, None, title="Archivage", year_from=2027, year_to=2027)
    html = login(world.elu).get(R).content.decode()
    assert 'role="img"' in html and "2026 : 1 ; 2027 : 2 ; 2028 : 1" in html
    assert '<th scope="row">2027</th><td class="num">2</td>' in html


def test_a_large_territory_project_shows_its_axes_then_one_axis_at_a_time(
    client, world, monkeypatch
):
    from maillage.roadmap.views import territory

    monkeypatch.setattr(territory, "FULL_LIMIT", 3)
    actions = tree(world.space, None, axes=2, objectives=1, actions=2)
    html = client.get(T).content.decode()
    assert "Ce projet compte 4 actions" in html and "Objectif 2.1" in html
    assert "Action 1.1.1" not in html and "Voir les 2 actions de l'axe 1" in html
    first_axis = actions[0].objective.axis
    html = client.get(T + f"?axe={first_axis.pk}").content.decode()
    assert "Action 1.1.1" in html and "Action 2.1.1" not in html
    assert "les actions de l'axe 1 seulement" in html


def test_an_editor_finds_the_tools_of_each_element_of_the_territory_project(login, world):
    made = tree(world.space, None)
    html = login(world.admin).get(T).content.decode()
    assert f"{T}actions/{made[0].pk}/modifier/" in html
    assert html.count('name="csrfmiddlewaretoken"') >= 9  # up, down, archive × 3 levels
    assert "Ajouter une action<span" in html
