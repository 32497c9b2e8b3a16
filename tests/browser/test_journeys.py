"""End-to-end journeys in headless Chromium, each page checked with axe-core.

Run with `make test-browser` (or `.venv/bin/pytest -q -m browser`).
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from maillage.territories.models import Competence, CompetenceCategory, ExercisedCompetence
from tests.browser.conftest import assert_accessible
from tests.territories.factories import (
    CommuneFactory,
    DepartementFactory,
    EpciFactory,
    RegionFactory,
    add_members,
    add_postcode,
)

pytestmark = pytest.mark.browser

EPCI_NAME = "Communauté de communes Faucigny-Glières"
EPCI_SIREN = "200000172"
GEMAPI = "Gestion des milieux aquatiques et prévention des inondations (GEMAPI)"
# name, INSEE code, SIREN, population municipale, population totale, postcode
COMMUNES = [
    ("Bonneville", "74042", "217400423", 12_630, 12_917, "74130"),
    ("Ayse", "74024", "217400241", 2_195, 2_241, "74130"),
    ("Brizon", "74049", "217400498", 483, 494, "74130"),
]


def create_territory():
    """A région, a département, a communauté de communes of three communes, one competence.

    The `live_server` fixture runs on a transactional database, which is flushed between
    tests: the competence catalogue loaded by the data migration may be gone.
    """
    region = RegionFactory(name="Auvergne-Rhône-Alpes", insee_code="84")
    departement = DepartementFactory(name="Haute-Savoie", insee_code="74", region=region)
    epci = EpciFactory(
        name=EPCI_NAME,
        siren=EPCI_SIREN,
        population_municipale=sum(c[3] for c in COMMUNES),
        population_totale=sum(c[4] for c in COMMUNES),
        departement=departement,
        region=region,
    )
    communes = []
    for name, insee_code, siren, municipale, totale, postcode in COMMUNES:
        commune = CommuneFactory(
            name=name,
            insee_code=insee_code,
            siren=siren,
            population_municipale=municipale,
            population_totale=totale,
            departement=departement,
            region=region,
        )
        add_postcode(commune, postcode)
        communes.append(commune)
    add_members(epci, communes)
    gemapi, _ = Competence.objects.get_or_create(
        code="gemapi", defaults={"name": GEMAPI, "position": 50}
    )
    ExercisedCompetence.objects.create(
        epci=epci, competence=gemapi, category=CompetenceCategory.MANDATORY
    )
    return epci


def member_names(page):
    return page.locator("table.data-table tbody tr td:first-child").all_inner_texts()


def test_search_as_you_type_then_commune_then_its_epci(live_server, page):
    create_territory()
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Accueil"))
    assert_accessible(page)

    # A marker that a full page load would wipe: the results must come without one.
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_label("Rechercher une commune ou une intercommunalité").press_sequentially(
        "bonnev", delay=60
    )
    results = page.locator("#resultats")
    expect(results.get_by_role("status")).to_have_text("1 résultat pour « bonnev »")
    expect(results.get_by_role("link", name="Bonneville")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "la page a été rechargée"
    expect(page.get_by_role("heading", level=1)).to_contain_text("La gouvernance partagée")
    assert_accessible(page)

    results.get_by_role("link", name="Bonneville").click()
    expect(page).to_have_url(f"{live_server.url}/communes/74042/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonneville")
    expect(page.locator(".facts")).to_contain_text("74130")
    assert_accessible(page)

    page.locator(".facts").get_by_role("link", name=EPCI_NAME).click()
    expect(page).to_have_url(f"{live_server.url}/epci/{EPCI_SIREN}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(EPCI_NAME)
    assert_accessible(page)


def test_search_without_javascript_uses_the_submit_button(live_server, new_page):
    create_territory()
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + "/")
    assert_accessible(page)

    page.get_by_label("Rechercher une commune ou une intercommunalité").fill("Brizon")
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(f"{live_server.url}/recherche/?q=Brizon")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher un territoire")
    expect(page.locator("#resultats").get_by_role("status")).to_have_text(
        "1 résultat pour « Brizon »"
    )
    assert_accessible(page)

    page.locator("#resultats").get_by_role("link", name="Brizon").click()
    expect(page).to_have_url(f"{live_server.url}/communes/74049/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brizon")
    assert_accessible(page)


def test_epci_page_on_a_phone_sorts_members_and_lists_competences(live_server, phone_page):
    page = phone_page
    create_territory()
    page.goto(f"{live_server.url}/epci/{EPCI_SIREN}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(EPCI_NAME)
    # The wide table scrolls in its own region: the page itself does not scroll sideways.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "la page déborde horizontalement sur un téléphone"
    table = page.get_by_role("table", name=f"Communes membres de {EPCI_NAME}")
    expect(table.locator("tbody tr")).to_have_count(3)
    by_population = member_names(page)
    assert by_population == ["Bonneville", "Ayse", "Brizon"]
    population_header = table.get_by_role("columnheader", name=re.compile("^Population totale"))
    expect(population_header).to_have_attribute("aria-sort", "descending")
    competences = page.locator("section", has=page.locator("#competences-title"))
    expect(competences.get_by_role("heading", level=3)).to_have_text("Obligatoire")
    expect(competences.get_by_role("listitem").filter(has_text="GEMAPI")).to_have_count(1)
    assert_accessible(page)

    table.get_by_role("link", name=re.compile("^Commune")).click()
    expect(page).to_have_url(re.compile(r"\?tri=nom&ordre=asc#members-title$"))
    by_name = member_names(page)
    assert by_name == ["Ayse", "Bonneville", "Brizon"]
    assert by_name != by_population
    name_header = table.get_by_role("columnheader", name=re.compile("^Commune"))
    expect(name_header).to_have_attribute("aria-sort", "ascending")
    expect(population_header).not_to_have_attribute("aria-sort", re.compile(".*"))
    expect(page.locator("#members-help")).to_contain_text("Triées par nom (ordre croissant)")
    assert_accessible(page)


def test_an_unknown_epci_gets_a_french_accessible_404(live_server, page):
    response = page.goto(f"{live_server.url}/epci/999999999/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_title("Page introuvable · Maillage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_role("link", name="Rechercher un territoire")).to_be_visible()
    assert_accessible(page)


def test_the_first_tab_reaches_the_skip_link(live_server, page):
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0, "le lien d'évitement reste hors de l'écran"
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()


@pytest.mark.parametrize(
    "path, ready", [("/api/docs/", "h1"), ("/api/essayer/", ".swagger-ui .opblock")]
)
def test_the_api_docs_load_nothing_from_another_host(live_server, page, path, ready):
    live_host = urlsplit(live_server.url).netloc
    hosts = set()

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about"):
            hosts.add(parts.netloc)

    page.on("request", record)
    page.goto(live_server.url + path, wait_until="networkidle")
    expect(page.locator(ready).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert hosts == {live_host}, f"requêtes vers d'autres hôtes : {sorted(hosts - {live_host})}"
    if path == "/api/docs/":
        # The readable documentation is checked like our own pages; Swagger UI is third-party.
        assert_accessible(page)
