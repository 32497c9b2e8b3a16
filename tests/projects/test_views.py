"""Pages of projects: creating from the form (and from a need), the project page, refusals
shown in French with the form filled, the public/private rule, and flat query counts."""

import datetime

from maillage.needs.models import Need
from maillage.projects import services
from maillage.projects.models import Project

from .factories import ProjectFactory, make_project, milestones

LIST = "/espaces/cc-test/projets/"
GANTT = "/espaces/cc-test/projets/calendrier/"


def form_data(world, **kwargs):
    communes = list(world.space.members.current().values_list("organisation_id", flat=True))
    return {
        "title": "Maison de santé",
        "description": "Un **projet** partagé.",
        "status": "etude",
        "start_date": "2026-02-01",
        "end_date": "2027-06-30",
        "communes": communes,
        "participants": [world.elu.pk],
        **kwargs,
    }


def test_an_agent_creates_a_project_with_two_communes_from_the_form(world, login):
    response = login(world.agent).post(LIST + "nouveau/", form_data(world))
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert project.communes.count() == 2
    page = login(world.agent).get(project.get_absolute_url()).content.decode()
    assert "<strong>projet</strong>" in page and "Bonneville" in page and "10 % réalisé" in page


def test_a_refused_project_shows_the_reason_and_keeps_what_was_typed(world, login):
    response = login(world.agent).post(
        LIST + "nouveau/", form_data(world, participants=[world.agent.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maison de santé" in page  # nothing typed is lost
    assert not Project.objects.exists()


def test_a_project_started_from_a_need_keeps_the_link(world, login):
    need = Need.objects.create(
        space=world.space, organisation=world.commune, theme="Santé",
        title="Un médecin pour Bonneville", description="Plus de médecin depuis 2024.",
    )  # fmt: skip
    client = login(world.agent)
    page = client.get(LIST + f"nouveau/?besoin={need.pk}").content.decode()
    assert "Un médecin pour Bonneville" in page
    client.post(LIST + "nouveau/", form_data(world, besoin=need.pk))
    project = Project.objects.get()
    assert project.need == need
    assert "est né du besoin" in client.get(project.get_absolute_url()).content.decode()


def test_a_status_change_without_reason_is_refused_on_the_page(world, login):
    project = make_project(world)
    response = login(world.agent).post(
        project.get_absolute_url() + "etat/", {"status": "abandonne", "reason": ""}
    )
    assert "le motif est obligatoire" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "en_cours"


def test_a_measurement_typed_with_another_unit_is_refused(world, login):
    project = make_project(world)
    indicator = services.add_indicator(
        actor=world.agent.user, project=project, name="Voie", unit="km", baseline=0, target=12
    )
    url = project.get_absolute_url() + f"indicateurs/{indicator.pk}/"
    response = login(world.elu).post(url, {"measured_on": "2026-02-01", "value": "3 tonnes"})
    assert "se mesure en km, pas en tonnes" in response.content.decode()
    assert not indicator.measurements.exists()
    login(world.elu).post(url, {"measured_on": "2026-02-01", "value": "3,5 km"})
    assert str(indicator.measurements.get().value) == "3.50"


def test_a_negative_budget_line_is_refused_on_the_page(world, login):
    project = make_project(world)
    response = login(world.agent).post(
        project.get_absolute_url() + "budget/",
        {"form": "ligne", "label": "Travaux", "planned": "-5", "committed": "0", "spent": "0"},
    )
    assert "ne peut pas être négatif" in response.content.decode()
    assert not project.budget_lines.exists()


def test_the_team_posts_a_status_update_and_the_list_shows_its_weather(world, login):
    project = make_project(world)
    login(world.elu).post(
        project.get_absolute_url() + "meteo/", {"weather": "retard", "text": "Devis en retard."}
    )
    page = login(world.referent).get(LIST + "?meteo=retard").content.decode()
    assert project.title in page and "En retard" in page


def test_a_private_project_is_hidden_from_visitors_and_a_public_one_shown(world, client):
    private = make_project(world, title="Projet interne")
    public = make_project(world, title="Projet ouvert", is_public=True)
    page = client.get(LIST).content.decode()
    assert "Projet ouvert" in page and "Projet interne" not in page
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 302


def test_an_archived_project_leaves_the_list_and_can_be_restored(world, login):
    project = make_project(world)
    client = login(world.agent)
    client.post(project.get_absolute_url() + "archiver/")
    assert project.title not in client.get(LIST).content.decode()
    assert project.title in client.get(LIST + "?archives=1").content.decode()
    assert "archivé depuis" in client.get(project.get_absolute_url()).content.decode()
    client.post(project.get_absolute_url() + "restaurer/")
    assert project.title in client.get(LIST).content.decode()


def test_the_gantt_shows_projects_and_milestones_with_a_table(world, login):
    project = make_project(world)
    services.add_milestone(
        actor=world.agent.user, project=project, title="Études", due_date=datetime.date(2026, 5, 4)
    )
    page = login(world.elu).get(GANTT + "?echelle=annee&annee=2026").content.decode()
    assert "<svg" in page and "gantt-table" in page and "04/05 : Études — " in page
    quarter = login(world.elu).get(GANTT + "?echelle=trimestre&annee=2026&trimestre=2")
    assert "2ᵉ trimestre 2026" in quarter.content.decode()
    empty = login(world.elu).get(GANTT + "?echelle=annee&annee=2030").content.decode()
    assert "Aucun projet daté" in empty


def _fill(world, count):
    projects = ProjectFactory.create_batch(count, space=world.space)
    communes = list(world.space.members.current().values_list("organisation_id", flat=True))
    for project in projects:
        project.communes.set(communes)
        milestones(project, total=2, done=1)
    return projects


def test_the_list_costs_the_same_queries_for_1_or_50_projects(
    world, login, django_assert_max_num_queries
):
    client = login(world.referent)
    _fill(world, 1)
    with django_assert_max_num_queries(20) as one:
        client.get(LIST)
    _fill(world, 49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_the_gantt_costs_the_same_queries_for_1_or_50_projects(
    world, login, django_assert_max_num_queries
):
    client = login(world.referent)
    _fill(world, 1)
    with django_assert_max_num_queries(20) as one:
        client.get(GANTT + "?annee=2026")
    _fill(world, 49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(GANTT + "?annee=2026").content.decode()
    assert page.count("gantt-bar ") == 50
