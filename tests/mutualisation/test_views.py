"""The mutualisation pages as users see them: forms kept filled on a refusal, the CSV import
preview, the comparison, who reads which statement, and query counts that do not grow."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.mutualisation.models import MemberWeight, Scale, Scenario, Statement
from tests.people.factories import MandateFactory, person_with_account
from tests.territories.factories import CommuneFactory

from .factories import (
    adopted_vote,
    make_scale,
    make_scenario,
    make_service,
    sent_statements,
    subscribe,
)

pytestmark = pytest.mark.django_db
BASE = "/espaces/cc-test/mutualisation/"

SCALE_POST = {
    "name": "Tranches",
    "description": "",
    "fixed_amount": "10",
    "part_equal": "",
    "part_tiers": "100",
    "tiers": "0-500 : 1\n500-2000 : 2\n2000+ : 4",
    "tier_population": "population_municipale",
    "floor": "",
    "ceiling": "",
    "payer_rate": "0",
}


def test_an_agent_defines_a_tiered_scale_from_the_form(world, login):
    response = login(world.agent).post(f"{BASE}baremes/nouveau/", SCALE_POST)
    scale = Scale.objects.get()
    assert response.status_code == 302 and response.url == f"{BASE}baremes/{scale.pk}/"
    assert scale.tiers == [
        {"lower": 0, "upper": 500, "weight": "1"},
        {"lower": 500, "upper": 2000, "weight": "2"},
        {"lower": 2000, "upper": None, "weight": "4"},
    ]
    page = login(world.agent).get(response.url).content.decode()
    assert "2000+ : 4" in login(world.agent).get(f"{response.url}modifier/").content.decode()
    assert "Tranches de population moyenne" not in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"tiers": "0-500 : 1\n400+ : 2"}, "chevauch"),
        ({"tiers": "0-500 : 1\nbeaucoup"}, "ne se lit pas"),
        ({"part_tiers": "60"}, "100"),
        ({"floor": "50", "ceiling": "10"}, "plancher"),
    ],
)
def test_a_refused_scale_form_is_shown_again_filled(world, login, change, message):
    data = {**SCALE_POST, **change}
    response = login(world.agent).post(f"{BASE}baremes/nouveau/", data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page.lower()
    assert 'value="Tranches"' in page
    assert not Scale.objects.exists()


def test_weights_are_entered_in_a_table(world, login):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    url = f"{BASE}baremes/{scale.pk}/poids/"
    fields = {f"w_{world.commune.pk}": "1234,5"}
    response = login(world.agent).post(url, fields)
    assert response.status_code == 302
    assert MemberWeight.objects.get().value == Decimal("1234.5")


def test_a_csv_import_shows_a_preview_then_stores_on_confirmation(world, login):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    url = f"{BASE}baremes/{scale.pk}/poids/import/"
    upload = SimpleUploadedFile("poids.csv", b"code;valeur\n74042;100\n74164;50,5\n")
    page = login(world.agent).post(url, {"file": upload}).content.decode()
    assert "Importer ces 2 poids" in page and "Bonneville" in page
    assert not MemberWeight.objects.exists()
    text = "code;valeur\n74042;100\n74164;50,5\n"
    response = login(world.agent).post(url, {"confirm": "1", "text": text})
    assert response.status_code == 302 and MemberWeight.objects.count() == 2


def test_a_csv_with_a_bad_line_says_which_and_stores_nothing(world, login):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    upload = SimpleUploadedFile("poids.csv", b"74042;100\n74164;douze\n")
    page = login(world.agent).post(f"{BASE}baremes/{scale.pk}/poids/import/", {"file": upload})
    page = page.content.decode()
    assert "Ligne 2 (Marignier)" in page and "rien n'est importé" in page
    assert not MemberWeight.objects.exists()


def test_a_binary_file_is_refused_as_csv(world, login):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    upload = SimpleUploadedFile("poids.csv", b"%PDF-1.4 binary")
    page = login(world.agent).post(f"{BASE}baremes/{scale.pk}/poids/import/", {"file": upload})
    assert "n&#x27;est pas un CSV" in page.content.decode()


def test_an_agent_builds_a_scenario_which_is_computed_at_once(world, login):
    service = make_service(world.space)
    subscribe(service, world.commune, units=2)
    scale = make_scale(world.space)
    data = {
        "name": "Égal",
        "service": service.pk,
        "scale": scale.pk,
        "year": "2026",
        "total": "99.99",
        "members_rule": "abonnes",
    }
    response = login(world.agent).post(f"{BASE}scenarios/nouveau/", data)
    scenario = Scenario.objects.get()
    assert response.url == f"{BASE}scenarios/{scenario.pk}/"
    page = login(world.agent).get(response.url).content.decode()
    assert "99,99" in page and "Bonneville" in page


def test_a_refused_scenario_form_keeps_what_was_typed(world, login):
    data = {
        "name": "Trop tôt",
        "service": make_service(world.space).pk,
        "scale": make_scale(world.space).pk,
        "year": "2020",
        "total": "10",
        "members_rule": "abonnes",
    }
    page = login(world.agent).post(f"{BASE}scenarios/nouveau/", data).content.decode()
    assert "proposé que depuis le 01/01/2024" in page and 'value="Trop tôt"' in page
    assert not Scenario.objects.exists()


def test_the_scenario_page_says_when_inputs_changed(world, login):
    scenario = make_scenario(world)
    subscribe(scenario.service, CommuneFactory(), units=1)
    page = login(world.elu).get(f"{BASE}scenarios/{scenario.pk}/").content.decode()
    assert "Les données ont changé depuis le calcul" in page


def test_the_statements_count_links_only_for_those_who_may_open_them(world, login):
    scenario, _ = sent_statements(world)
    councillor = person_with_account(first_name="Claire", last_name="Conseillère")
    MandateFactory(person=councillor, organisation=world.commune)  # conseillère municipale
    url = f"{BASE}scenarios/{scenario.pk}/"
    link = f'href="{BASE}appels/?annee=2026"'
    page = login(councillor).get(url).content.decode()
    assert "2 appels de contribution" in page and link not in page
    assert login(councillor).get(f"{BASE}appels/?annee=2026").status_code == 403
    assert link in login(world.elu).get(url).content.decode()  # the mayor sees his own


def test_two_scenarios_side_by_side_say_who_wins_and_loses(world, login):
    world.commune.population_totale = 3000
    world.commune.save()
    first = make_scenario(world, name="Égal", total="1000.00")
    per_head = make_scale(world.space, name="Habitants", parts=[("population_totale", 1)])
    make_scenario(
        world, service=first.service, scale=per_head, name="Par habitant", total="1000.00"
    )
    page = login(world.elu).get(f"{BASE}comparer/{first.service_id}/2026/").content.decode()
    assert "750,00" in page and "+250,00" in page and "perd" in page and "gagne" in page
    assert "<svg" in page and "75,00" in page
    csv = login(world.elu).get(f"{BASE}comparer/{first.service_id}/2026/comparaison.csv")
    assert "Bonneville;500.00;50.00;750.00;75.00;250.00" in csv.content.decode()


def test_choosing_a_scenario_from_the_form(world, login):
    scenario = make_scenario(world)
    vote = adopted_vote(world)
    url = f"{BASE}scenarios/{scenario.pk}/retenir/"
    assert login(world.agent).post(url, {}).status_code == 200  # neither: refused, shown again
    response = login(world.agent).post(url, {"vote": vote.pk})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.chosen and scenario.vote == vote


def test_a_mayor_reads_and_downloads_only_the_statements_of_his_commune(world, login):
    _, created = sent_statements(world)
    mine = next(s for s in created if s.organisation_id == world.commune.pk)
    other = next(s for s in created if s.organisation_id != world.commune.pk)
    client = login(world.elu)
    page = client.get(f"{BASE}appels/").content.decode()
    assert mine.number in page and other.number not in page
    response = client.get(f"{BASE}appels/{mine.pk}/appel.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    assert content.startswith(b"%PDF")
    assert client.get(f"{BASE}appels/{other.pk}/appel.pdf").status_code == 403
    assert client.get(f"{BASE}appels/{other.pk}/").status_code == 403


def test_a_statement_in_preparation_is_not_shown_to_the_mayor(world, login):
    from maillage.mutualisation import statements

    from .factories import chosen_scenario

    draft = statements.generate_statements(actor=None, scenario=chosen_scenario(world))[0]
    assert login(world.elu).get(f"{BASE}appels/{draft.pk}/").status_code == 403
    assert login(world.agent).get(f"{BASE}appels/{draft.pk}/").status_code == 200


def test_a_correction_from_the_form(world, login):
    _, created = sent_statements(world)
    url = f"{BASE}appels/{created[0].pk}/corriger/"
    page = login(world.agent).post(url, {"amount": "500.00", "reason": "Rien"}).content.decode()
    assert "celui de l&#x27;appel" in page and "Rien" in page
    response = login(world.agent).post(url, {"amount": "480.00", "reason": "Unités"})
    correction = Statement.objects.get(corrects=created[0])
    assert response.url == f"{BASE}appels/{correction.pk}/"
    assert "−20,00" in login(world.agent).get(response.url).content.decode()


def test_the_report_page_saves_its_texts_and_sends_it_for_opinion(world, login):
    client = login(world.agent)
    client.post(f"{BASE}rapport/2026/", {"intro": "# Bilan\nTrès bien.", "progress": ""})
    assert client.get(f"{BASE}rapport/2026/rapport.pdf").content.startswith(b"%PDF")
    assert "Très bien" in client.get(f"{BASE}rapport/2026/").content.decode()
    response = client.post(f"{BASE}rapport/2026/avis/")
    assert response.status_code == 302 and "/avis/" in response.url


# --- Query counts -------------------------------------------------------------------------------


def _members(world, count):
    from maillage.spaces.models import SpaceMember

    service = make_service(world.space)
    for organisation in CommuneFactory.create_batch(count):
        SpaceMember.objects.create(space=world.space, organisation=organisation)
        subscribe(service, organisation, units=1)
    return service


@pytest.mark.parametrize("count", [1, 50])
def test_the_comparison_page_query_count_does_not_grow(
    world, login, count, django_assert_max_num_queries
):
    service = _members(world, count)
    make_scenario(world, service=service, name="A")
    make_scenario(
        world,
        service=service,
        name="B",
        scale=make_scale(world.space, name="U", parts=[("units", 1)]),
    )
    client = login(world.elu)
    with django_assert_max_num_queries(15):
        assert client.get(f"{BASE}comparer/{service.pk}/2026/").status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_scenario_and_statement_pages_query_count_does_not_grow(
    world, login, count, django_assert_max_num_queries
):
    service = _members(world, count)
    scenario, _ = sent_statements(world, service=service)
    client = login(world.agent)
    for url in (f"{BASE}scenarios/{scenario.pk}/", f"{BASE}appels/", f"{BASE}synthese/2026/", BASE):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
