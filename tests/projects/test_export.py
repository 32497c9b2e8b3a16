"""The list of projects as a CSV file: the same projects and filters as the page, every page
of them, in a fixed number of queries."""

from decimal import Decimal

import pytest

from maillage.projects import services

from .factories import make_project

CSV = "/espaces/cc-test/projets/export.csv"


def content(response) -> str:
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_csv_gives_each_project_with_its_communes_progress_and_budget(world, login):
    project = make_project(world, title="Voie verte")
    services.save_budget_line(
        actor=world.agent.user,
        project=project,
        label="Travaux",
        planned=Decimal("1500.5"),
        committed=Decimal("100"),
        spent=Decimal("0"),
    )
    lines = content(login(world.elu).get(CSV)).splitlines()
    assert lines[0].startswith("Projet;État;Météo;Avancement (%);Communes concernées")
    assert lines[1].startswith("Voie verte;En cours;;")
    assert "Bonneville, Marignier" in lines[1] and ";1500,50;100,00;0,00;non;" in lines[1]


def test_a_visitor_downloads_the_public_projects_only_and_the_filters_apply(world, login, client):
    make_project(world, title="Interne")
    make_project(world, title="Ouvert", is_public=True)
    make_project(world, title="Étude", is_public=True, status="etude")
    text = content(client.get(CSV))
    assert "Ouvert" in text and "Étude" in text and "Interne" not in text
    text = content(client.get(CSV + "?etat=etude"))
    assert "Étude" in text and "Ouvert" not in text


def test_the_list_page_links_to_its_csv_with_its_filters(world, login):
    page = login(world.elu).get("/espaces/cc-test/projets/?etat=etude").content.decode()
    assert f"{CSV}?etat=etude" in page


@pytest.mark.parametrize("count", [1, 50])
def test_the_csv_keeps_its_query_count_whatever_the_number_of_projects(
    world, login, django_assert_max_num_queries, count
):
    for i in range(count):
        make_project(world, title=f"Projet {i:02d}")
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        text = content(client.get(CSV))
    assert len(text.splitlines()) == count + 1
