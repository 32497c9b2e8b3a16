"""The exports page and its CSV/JSON files: public data only."""

import csv
import io
import json

import pytest

from .factories import private_objects, public_objects

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_dataset_with_its_formats_and_the_scdl_export(world, client):
    page = client.get("/espaces/cc-test/donnees/").content.decode()
    assert "/espaces/cc-test/actes/deliberations.csv" in page
    for dataset in ["projets.csv", "projets.json", "services.csv", "seances.csv", "instances"]:
        assert dataset in page
    assert "deliberations.json" in page


def test_the_projects_csv_holds_public_projects_only(world, client):
    public_objects(world)
    private_objects(world)
    response = client.get("/espaces/cc-test/donnees/projets.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["title"] for row in rows] == ["Voie verte publique"]
    assert rows[0]["communes"] == "74042"


@pytest.mark.parametrize("dataset", ["seances", "instances", "services", "deliberations"])
def test_the_json_files_hold_no_private_object(world, client, dataset):
    public_objects(world)
    private_objects(world)
    response = client.get(f"/espaces/cc-test/donnees/{dataset}.json")
    text = b"".join(response.streaming_content).decode()
    json.loads(text)
    for secret in ["Bureau secret", "Lieu pas encore annoncé", "pas encore publié", "12345.67"]:
        assert secret not in text


def test_an_unknown_dataset_or_format_is_a_404(world, client):
    assert client.get("/espaces/cc-test/donnees/secrets.csv").status_code == 404
    assert client.get("/espaces/cc-test/donnees/deliberations.csv").status_code == 404
    assert client.get("/espaces/cc-test/donnees/projets.xml").status_code == 404
