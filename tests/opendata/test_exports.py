"""The exports page and its CSV/JSON files: public data only."""

import csv
import io
import json

import pytest

from .factories import private_objects, public_objects

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_dataset_with_its_formats_and_the_scdl_export(world, client):
    page = client.get("/espaces/cc-test/donnees/").content.decode()
    assert "/espaces/cc-test/actes/deliberations.csv" in page  # SCDL « Délibérations »
    for name in ["projets", "services", "instances", "seances", "bulletins", "retours-experience"]:
        assert f"/espaces/cc-test/donnees/{name}.csv" in page, name
        assert f"/espaces/cc-test/donnees/{name}.json" in page, name
    assert "/espaces/cc-test/donnees/deliberations.json" in page
    assert "/espaces/cc-test/donnees/feuilles-de-route.json" in page
    assert "/espaces/cc-test/bulletin/flux.atom" in page
    assert f"/api/v1/organisations/{world.space.organisation.siren}/" in page


def test_the_projects_csv_holds_public_projects_only(world, client):
    public_objects(world)
    private_objects(world)
    response = client.get("/espaces/cc-test/donnees/projets.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["title"] for row in rows] == ["Voie verte publique"]
    assert rows[0]["communes"] == "74042"


@pytest.mark.parametrize(
    "dataset",
    [
        "seances",
        "instances",
        "services",
        "deliberations",
        "feuilles-de-route",
        "bulletins",
        "retours-experience",
    ],
)
def test_the_json_files_hold_no_private_object(world, client, dataset):
    public_objects(world)
    private_objects(world)
    response = client.get(f"/espaces/cc-test/donnees/{dataset}.json")
    text = b"".join(response.streaming_content).decode()
    assert json.loads(text), dataset  # the public object is there
    for secret in [
        "Bureau secret",
        "Lieu pas encore annoncé",
        "pas encore publié",
        "12345.67",
        "Projet confidentiel",
        "Besoin secret",
        "Rubrique réservée aux élus",
        "Brouillon du bulletin",
        "réservé aux membres",
        "archivé",
    ]:
        assert secret not in text, secret


def test_the_bulletins_csv_gives_the_public_edition_of_each_sent_issue(world, client):
    public_objects(world)
    private_objects(world)
    response = client.get("/espaces/cc-test/donnees/bulletins.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["title"] for row in rows] == ["Le bulletin de printemps"]
    sections = json.loads(rows[0]["sections"])
    assert [s["heading"] for s in sections] == ["La voie verte est ouverte"]


def test_the_experiences_csv_holds_the_public_ones_with_their_communes(world, client):
    public_objects(world)
    private_objects(world)
    response = client.get("/espaces/cc-test/donnees/retours-experience.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["title"], row["communes"]) for row in rows] == [
        ("Une cantine partagée racontée à tous", "74042")
    ]


def test_an_unknown_dataset_or_format_is_a_404(world, client):
    assert client.get("/espaces/cc-test/donnees/secrets.csv").status_code == 404
    assert client.get("/espaces/cc-test/donnees/deliberations.csv").status_code == 404
    assert client.get("/espaces/cc-test/donnees/projets.xml").status_code == 404
