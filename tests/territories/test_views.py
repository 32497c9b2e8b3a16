import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from maillage.territories.models import Competence, CompetenceCategory, ExercisedCompetence

from .factories import CommuneFactory, DepartementFactory, EpciFactory, add_members, add_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def faucigny():
    departement = DepartementFactory(name="Haute-Savoie", insee_code="74")
    epci = EpciFactory(
        name="CC Faucigny - Glières",
        siren="200000172",
        population_totale=20348,
        population_municipale=19752,
        departement=departement,
    )
    bonneville = CommuneFactory(
        name="Bonneville",
        insee_code="74042",
        siren="217400423",
        population_totale=13736,
        population_municipale=13320,
        departement=departement,
        region=departement.region,
    )
    marignier = CommuneFactory(
        name="Marignier", insee_code="74164", population_totale=6612, population_municipale=6432
    )
    add_members(epci, [bonneville, marignier])
    add_postcode(bonneville, "74130")
    return epci


def test_the_home_page_is_in_french_with_a_search_form(client, faucigny):
    response = client.get(reverse("home"))
    assertContains(response, '<html lang="fr">')
    assertContains(response, "Rechercher une commune ou une intercommunalité")
    assertContains(response, "2 communes et 1 intercommunalité à fiscalité propre")


@pytest.mark.parametrize(
    "query", ["Bonneville", "bonneville", "BONNEVILLE", "74042", "74130", "217400423", "onnevil"]
)
def test_a_commune_is_found_by_name_insee_code_postcode_or_siren(client, faucigny, query):
    response = client.get(reverse("territories:search"), {"q": query})
    assertContains(response, 'href="/communes/74042/"')


def test_an_epci_is_found_by_name_without_accents_or_hyphens(client, faucigny):
    response = client.get(reverse("territories:search"), {"q": "faucigny glieres"})
    assertContains(response, 'href="/epci/200000172/"')
    assertContains(response, "1 résultat pour")


def test_an_exact_name_comes_before_names_that_merely_contain_it(client, faucigny):
    CommuneFactory(name="Bonneville-sur-Touques", population_totale=999_999)
    response = client.get(reverse("territories:search"), {"q": "Bonneville"})
    content = response.content.decode()
    assert content.index("/communes/74042/") < content.index("Bonneville-sur-Touques")


def test_an_htmx_search_returns_only_the_results_fragment(client, faucigny):
    response = client.get(
        reverse("territories:search"), {"q": "Bonn"}, headers={"HX-Request": "true"}
    )
    assertContains(response, 'href="/communes/74042/"')
    assertNotContains(response, "<html")


@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE x; --", "<script>", "é" * 200, "💥"])
def test_odd_or_long_queries_give_an_empty_result_never_an_error(client, faucigny, query):
    response = client.get(reverse("territories:search"), {"q": query})
    assert response.status_code == 200
    assertNotContains(response, "/communes/74042/")


def test_a_200_character_query_says_it_is_too_long(client, faucigny):
    response = client.get(reverse("territories:search"), {"q": "b" * 200})
    assertContains(response, "Votre recherche est trop longue")


def test_search_results_are_paginated(client):
    CommuneFactory.create_batch(45, name="Saint-Martin")
    response = client.get(reverse("territories:search"), {"q": "saint martin"})
    assertContains(response, "45 résultats")
    assertContains(response, "Page 1 sur 3")
    assert len(response.context["page"].object_list) == 20
    second = client.get(reverse("territories:search"), {"q": "saint martin", "page": 3})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("count", [1, 50])
def test_the_search_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, count
):
    departement = DepartementFactory()
    CommuneFactory.create_batch(count, name="Villeneuve", departement=departement)
    with django_assert_max_num_queries(2):
        client.get(reverse("territories:search"), {"q": "villeneuve"})


def test_the_epci_page_shows_type_financing_populations_and_members_with_shares(client, faucigny):
    response = client.get(reverse("territories:epci", args=["200000172"]))
    assertContains(response, "<h1>CC Faucigny - Glières</h1>", html=True)
    assertContains(response, "Communauté de communes")
    assertContains(response, "Fiscalité professionnelle unique")
    assertContains(response, "Population totale")
    assertContains(response, "20\xa0348 habitants")
    assertContains(response, "Population municipale")
    assertContains(response, "19\xa0752 habitants")
    assertContains(response, "Haute-Savoie (74)")
    # 13 736 / 20 348 = 67.5059 %, 6 612 / 20 348 = 32.4941 %: the shares add up to 100.
    assertContains(response, "67,51 %")
    assertContains(response, "32,49 %")
    assertContains(response, "100,00 %")
    rows = [m.member.name for m, _ in response.context["rows"]]
    assert rows == ["Bonneville", "Marignier"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"tri": "nom", "ordre": "asc"}, ["Bonneville", "Marignier"]),
        ({"tri": "nom", "ordre": "desc"}, ["Marignier", "Bonneville"]),
        ({"tri": "population", "ordre": "asc"}, ["Marignier", "Bonneville"]),
        ({"tri": "insee", "ordre": "desc"}, ["Marignier", "Bonneville"]),
        ({"tri": "n'importe", "ordre": "quoi"}, ["Bonneville", "Marignier"]),
    ],
)
def test_the_member_table_sorts_by_name_code_or_population(client, faucigny, params, expected):
    response = client.get(reverse("territories:epci", args=["200000172"]), params)
    assert [m.member.name for m, _ in response.context["rows"]] == expected


def test_a_commune_that_left_is_not_listed_among_current_members(client, faucigny):
    leaver = CommuneFactory(name="Partie")
    add_members(faucigny, [leaver], end_date=datetime.date(2024, 1, 1))
    response = client.get(reverse("territories:epci", args=["200000172"]))
    assertNotContains(response, "Partie")


def test_the_epci_page_lists_exercised_competences_and_the_legal_minimum(client, faucigny):
    ExercisedCompetence.objects.create(
        epci=faucigny,
        competence=Competence.objects.get(code="gemapi"),
        category=CompetenceCategory.MANDATORY,
        start_date=datetime.date(2018, 1, 1),
    )
    response = client.get(reverse("territories:epci", args=["200000172"]))
    assertContains(response, "Gestion des milieux aquatiques")
    assertContains(response, "depuis le 1er janvier 2018")
    assertContains(
        response, "Compétences obligatoires pour ce type d'EPCI : Communauté de communes"
    )
    assertContains(response, "(L5214-16 du CGCT)")


def test_an_epci_without_competences_says_so(client, faucigny):
    response = client.get(reverse("territories:epci", args=["200000172"]))
    assertContains(response, "ne sont pas encore renseignées")


@pytest.mark.parametrize("count", [1, 50])
def test_the_epci_page_query_count_does_not_grow_with_members(
    client, django_assert_max_num_queries, count
):
    epci = EpciFactory()
    add_members(epci, CommuneFactory.create_batch(count))
    for competence in Competence.objects.all()[:count]:
        ExercisedCompetence.objects.create(epci=epci, competence=competence, category="obligatoire")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("territories:epci", args=[epci.siren]))
    assert len(response.context["rows"]) == count


def test_the_commune_page_shows_its_epci_departement_region_postcodes_and_populations(
    client, faucigny
):
    response = client.get(reverse("territories:commune", args=["74042"]))
    assertContains(response, "<h1>Bonneville</h1>", html=True)
    assertContains(response, 'href="/epci/200000172/"')
    assertContains(response, "Haute-Savoie (74)")
    assertContains(response, "Auvergne-Rhône-Alpes")
    assertContains(response, "74130")
    assertContains(response, "13\xa0736 habitants")
    assertContains(response, "13\xa0320 habitants")


def test_the_commune_page_keeps_the_history_of_its_epci(client, faucigny):
    bonneville = faucigny.member_links.get(member__insee_code="74042").member
    old = EpciFactory(name="Ancienne communauté")
    add_members(
        old,
        [bonneville],
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2016, 12, 31),
    )
    response = client.get(reverse("territories:commune", args=["74042"]))
    assertContains(response, "Ancienne communauté")
    assertContains(response, "31 décembre 2016")
    assert response.context["epci"] == faucigny


@pytest.mark.parametrize(
    "url",
    [
        "/epci/999999999/",
        "/communes/00000/",
        "/epci/74042/",
        "/communes/200000172/",
        "/nulle-part/",
    ],
)
def test_an_unknown_code_is_a_french_404_page(client, faucigny, url):
    response = client.get(url)
    assert response.status_code == 404
    assertContains(response, "Page introuvable", status_code=404)


def test_a_dissolved_commune_is_no_longer_found_by_name_or_code(client, faucigny):
    gone = CommuneFactory(name="Ancienneville", insee_code="74999", siren="217499999")
    gone.dissolved_on = datetime.date(2024, 1, 1)
    gone.save()
    for query in ["Ancienneville", "74999", "217499999"]:
        response = client.get(reverse("territories:search"), {"q": query})
        assertNotContains(response, "/communes/74999/")
    # Its page stays, saying it is gone.
    assertContains(client.get("/communes/74999/"), "ne figure plus dans les fichiers officiels")


def test_an_htmx_history_restore_gets_the_whole_page(client, faucigny):
    response = client.get(
        reverse("territories:search"),
        {"q": "Bonn"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assertContains(response, "<html")
    assert "HX-Request" in response["Vary"]


def test_the_commune_page_says_codes_postaux_in_the_plural(client, faucigny):
    bonneville = faucigny.member_links.get(member__insee_code="74042").member
    add_postcode(bonneville, "74131")
    assertContains(client.get("/communes/74042/"), "<dt>Codes postaux</dt>", html=True)
