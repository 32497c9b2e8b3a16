import pytest
from django.test import override_settings

from .factories import CommuneFactory, DepartementFactory, EpciFactory, add_members, add_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def epci():
    departement = DepartementFactory(insee_code="74")
    epci = EpciFactory(siren="200000172", name="CC Faucigny - Glières", departement=departement)
    bonneville = CommuneFactory(
        name="Bonneville", insee_code="74042", siren="217400423", departement=departement
    )
    marignier = CommuneFactory(name="Marignier", insee_code="74164", departement=departement)
    add_members(epci, [marignier, bonneville])
    add_postcode(bonneville, "74130")
    return epci


def test_a_commune_is_read_by_its_insee_code(client, epci):
    data = client.get("/api/v1/organisations/74042/").json()
    assert data["code"] == "74042"
    assert data["insee_code"] == "74042"
    assert data["siren"] == "217400423"
    assert data["name"] == "Bonneville"
    assert data["kind"] == "commune"
    assert data["population_municipale"] == 980
    assert data["population_totale"] == 1000
    assert data["epci"] == "200000172"
    assert data["members"] is None
    assert data["departement"] == "74"
    assert data["postcodes"] == ["74130"]
    assert data["url"] == "http://testserver/communes/74042/"


def test_a_commune_is_read_by_its_siren_too(client, epci):
    assert client.get("/api/v1/organisations/217400423/").json()["code"] == "74042"


def test_an_epci_lists_the_insee_codes_of_its_current_members(client, epci):
    add_members(epci, [CommuneFactory(insee_code="74999")], end_date="2020-01-01")
    data = client.get("/api/v1/organisations/200000172/").json()
    assert data["kind"] == "epci"
    assert data["epci_type"] == "CC"
    assert data["insee_code"] is None
    assert data["members"] == ["74042", "74164"]
    assert data["epci"] is None


def test_an_unknown_population_is_null(client, epci):
    CommuneFactory(insee_code="98411", population_totale=None, population_municipale=None)
    data = client.get("/api/v1/organisations/98411/").json()
    assert data["population_totale"] is None
    assert data["population_municipale"] is None


@pytest.mark.parametrize("code", ["00000", "999999999", "abc", "7404", "%27", "%00", "99"])
def test_an_unknown_code_is_a_json_404_in_french(client, epci, code):
    response = client.get(f"/api/v1/organisations/{code}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "Aucune organisation" in response.json()["detail"]


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/inconnu/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable."}


def test_the_list_filters_by_kind_departement_and_name(client, epci):
    CommuneFactory(name="Annecy", insee_code="74010", departement=DepartementFactory())
    by_kind = client.get("/api/v1/organisations/", {"kind": "epci"}).json()
    assert [o["code"] for o in by_kind["results"]] == ["200000172"]
    by_departement = client.get("/api/v1/organisations/", {"departement": "74"}).json()
    assert by_departement["count"] == 3
    by_name = client.get("/api/v1/organisations/", {"q": "bonnev", "kind": "commune"}).json()
    assert [o["code"] for o in by_name["results"]] == ["74042"]


def test_a_departement_is_read_by_its_cog_code(client, epci):
    assert client.get("/api/v1/organisations/74/").json()["kind"] == "departement"


@pytest.mark.parametrize("junk", ["\x00", "7" * 50, "A;B"])
def test_a_malformed_departement_filter_is_refused_in_french(client, junk):
    response = client.get("/api/v1/organisations/", {"departement": junk})
    assert response.status_code == 400
    assert "Code de département invalide" in response.json()["departement"]


def test_an_unknown_kind_is_refused_with_a_french_message(client):
    response = client.get("/api/v1/organisations/", {"kind": "licorne"})
    assert response.status_code == 400
    assert "Nature inconnue" in response.json()["kind"]


def test_the_list_is_paginated(client):
    CommuneFactory.create_batch(60)
    first = client.get("/api/v1/organisations/").json()
    assert first["count"] == 60
    assert len(first["results"]) == 50
    assert first["next"].endswith("page=2")
    assert len(client.get("/api/v1/organisations/", {"page_size": 10}).json()["results"]) == 10


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow_with_its_length(
    client, django_assert_max_num_queries, count
):
    departement = DepartementFactory()
    for _ in range(count):
        epci = EpciFactory(departement=departement)
        add_members(epci, CommuneFactory.create_batch(2, departement=departement))
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/organisations/", {"kind": "epci"})
    assert len(response.json()["results"]) == count


def test_the_openapi_schema_documents_the_organisations(client):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert "/api/v1/organisations/{code}/" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/docs/", "/api/essayer/"])
@override_settings(DEBUG=False)
def test_the_api_docs_load_their_assets_from_this_server_only(client, url):
    html = client.get(url).content.decode()
    assert '<html lang="fr">' in html
    assert "cdn" not in html.lower()
    assert "https://" not in html and "http://" not in html


def test_the_api_docs_page_lists_the_endpoints_their_parameters_and_fields(client):
    html = client.get("/api/docs/").content.decode()
    assert "GET /api/v1/organisations/{code}/mandates/" in html
    assert "<code>departement</code>" in html
    assert "<code>population_totale</code>" in html
    assert "Population totale, null si inconnue." in html


def test_the_api_docs_page_lists_the_errors_of_each_endpoint(client):
    html = client.get("/api/docs/").content.decode()
    assert "Erreurs possibles" in html
    assert "<strong>400</strong> : Paramètre de requête invalide" in html
    assert "<strong>403</strong> : Jeton d&#x27;un autre espace" in html
    assert "<strong>429</strong>" in html
