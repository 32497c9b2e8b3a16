"""Editing a task (by the rules of adding one, the former values kept in the log) and the
indicator pages (latest values in a fixed number of queries, the chart with its table)."""

import datetime
from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.projects import services
from maillage.projects.models import Measurement
from maillage.projects.services import ProjectError

from .factories import make_project


def a_task(world, project=None):
    project = project or make_project(world)
    return services.add_task(
        actor=world.agent.user, project=project, title="Devis", owner=world.elu
    )


def test_a_manager_changes_a_task_and_the_log_keeps_what_it_was(world):
    task = a_task(world)
    milestone = services.add_milestone(
        actor=world.agent.user,
        project=task.project,
        title="Études",
        due_date=datetime.date(2026, 6, 1),
    )
    services.update_task(
        actor=world.agent.user,
        task=task,
        title="Trois devis",
        owner=world.agent,
        due_date=datetime.date(2026, 5, 1),
        milestone=milestone,
    )
    task.refresh_from_db()
    assert (task.title, task.owner, task.milestone) == ("Trois devis", world.agent, milestone)
    entry = ActionLog.objects.filter(action="projects.task_update").get()
    assert entry.data["before"]["title"] == "Devis"
    assert entry.data["before"]["owner"] == world.elu.pk


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "Donnez un intitulé à la tâche"),
        ({"due_date": datetime.date(2030, 1, 1)}, "tombe après la fin prévue du projet"),
        ({"due_date": datetime.date(2020, 1, 1)}, "tombe avant le début du projet"),
        ({"owner": "outsider"}, "ni rôle ni mandat"),
        ({"milestone": "other"}, "Ce jalon n'est pas de ce projet"),
    ],
)
def test_a_task_change_breaking_a_rule_is_refused_and_changes_nothing(world, change, message):
    task = a_task(world)
    if change.get("owner") == "outsider":
        change["owner"] = world.outsider
    if change.get("milestone") == "other":
        change["milestone"] = services.add_milestone(
            actor=world.agent.user,
            project=make_project(world, title="Autre"),
            title="Autre jalon",
            due_date=datetime.date(2026, 6, 1),
        )
    values = {"title": "Devis", "owner": world.elu, "due_date": None, "milestone": None}
    with pytest.raises(ProjectError, match=message):
        services.update_task(actor=world.agent.user, task=task, **(values | change))
    task.refresh_from_db()
    assert task.title == "Devis" and task.owner == world.elu
    assert not ActionLog.objects.filter(action="projects.task_update").exists()


def test_a_task_of_an_archived_project_cannot_be_changed(world):
    task = a_task(world)
    services.archive_project(actor=world.agent.user, project=task.project)
    with pytest.raises(ProjectError, match="archivé"):
        services.update_task(actor=world.agent.user, task=task, title="Autre")


def test_an_agent_edits_a_task_from_the_page_and_a_refusal_keeps_what_was_typed(world, login):
    task = a_task(world)
    url = task.project.get_absolute_url() + f"taches/{task.pk}/modifier/"
    client = login(world.agent)
    assert f'href="{url}"' in client.get(task.project.get_absolute_url() + "jalons/").text
    response = client.post(url, {"title": "Devis signés", "due_date": "2031-01-01"})
    assert response.status_code == 200
    assert "tombe après la fin prévue" in response.text and "Devis signés" in response.text
    response = client.post(url, {"title": "Devis signés", "due_date": "2026-04-01"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Devis signés" and task.due_date == datetime.date(2026, 4, 1)


def test_an_elu_of_the_team_ticks_a_task_but_does_not_see_the_edit_link(world, login):
    task = a_task(world)
    page = login(world.elu).get(task.project.get_absolute_url() + "jalons/").text
    assert "Marquer faite" in page and f"taches/{task.pk}/modifier/" not in page


def indicators_with_measures(world, count):
    project = make_project(world)
    for i in range(count):
        indicator = services.add_indicator(
            actor=world.agent.user,
            project=project,
            name=f"Indicateur {i}",
            unit="km",
            baseline=Decimal(0),
            target=Decimal(10),
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                measured_on=datetime.date(2026, 1, day),
                value=Decimal(day),
                unit="km",
            )
            for day in (1, 2, 3)
        )
    return project


@pytest.mark.parametrize("count", [1, 50])
def test_the_indicators_list_and_the_project_page_keep_their_query_count(
    world, login, django_assert_max_num_queries, count
):
    project = indicators_with_measures(world, count)
    client = login(world.elu)
    with django_assert_max_num_queries(14):
        page = client.get(project.get_absolute_url() + "indicateurs/").text
    assert page.count("3 km") == count and "30 %" in page
    with django_assert_max_num_queries(30):
        page = client.get(project.get_absolute_url()).text
    assert page.count("3 km (03/01/2026)") == count


def test_the_indicator_page_draws_its_measures_with_their_table(world, login):
    project = indicators_with_measures(world, 1)
    indicator = project.indicators.get()
    page = login(world.elu).get(project.get_absolute_url() + f"indicateurs/{indicator.pk}/").text
    assert 'role="img"' in page and "03/01/2026 : 3 km" in page and "cible : 10 km" in page
    assert page.count('class="dash-point"') == 3
    assert "<caption>Mesures, de la plus récente" in page
