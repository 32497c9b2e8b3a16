"""The portal home, "Mon territoire" and the map page, as a citizen and as an admin sees them."""

import datetime
import html

import pytest

from maillage.meetings.models import BodyKind, SittingStatus
from maillage.portal import services
from maillage.projects.models import ProjectStatus
from maillage.spaces.models import SpaceMember
from maillage.territories.models import Competence, CompetenceCategory, ExercisedCompetence
from tests.projects.factories import ProjectFactory, milestones
from tests.spaces.factories import SpaceFactory
from tests.territories.factories import CommuneFactory, EpciFactory, add_members, add_postcode

from .factories import deliberation, geojson_upload, sitting


def portal(client, slug="cc-test", **params):
    response = client.get(f"/p/{slug}/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_portal_lists_the_communes_with_their_populations(client, world):
    page = portal(client)
    assert "Bonneville" in page and "Marignier" in page
    assert "/mon-territoire/74042/" in page
    assert "<caption" in page and "Total (2 membres)" in page


def test_the_portal_says_what_the_intercommunality_does(client, world):
    water = Competence.objects.create(code="portail-eau", name="Eau potable du portail")
    ExercisedCompetence.objects.create(
        epci=world.epci,
        competence=water,
        category=CompetenceCategory.MANDATORY,
        start_date=datetime.date(2020, 1, 1),
    )
    page = portal(client)
    assert "Eau potable du portail" in page and "1er janvier 2020" in page


def test_the_portal_draws_the_map_when_the_space_uploaded_contours(client, world):
    assert "<svg" not in portal(client)
    services.upload_commune_map(actor=world.admin.user, space=world.space, upload=geojson_upload())
    page = portal(client)
    assert page.count("<path d=") == 2
    assert 'aria-label="Bonneville"' in page and "L'Abergement" not in page


def test_the_map_is_drawn_from_the_cache_after_the_first_visit(client, world):
    from django.core.cache import cache

    from maillage.portal.models import CommuneMap

    services.upload_commune_map(actor=world.admin.user, space=world.space, upload=geojson_upload())
    portal(client)
    key = services.map_cache_key(CommuneMap.objects.get())
    assert "<svg" in cache.get(key)


def test_the_portal_shows_public_projects_with_their_progress(client, world):
    project = ProjectFactory(space=world.space, title="Voie verte", is_public=True)
    milestones(project, total=4, done=1)
    page = portal(client)
    assert "Voie verte" in page and "Avancement : 25 %" in page


def test_the_portal_shows_published_acts_and_the_next_public_sittings(client, world):
    deliberation(world.space, title="Tarifs de la piscine")
    sitting(world.space, place="Salle des fêtes de Marignier")
    page = portal(client)
    assert "Tarifs de la piscine" in page
    assert "Salle des fêtes de Marignier" in page


# --- Private content never appears: one test per kind ------------------------------------------


def test_a_private_project_never_appears(client, world):
    ProjectFactory(space=world.space, title="Projet confidentiel", is_public=False)
    ProjectFactory(
        space=world.space,
        title="Projet archivé",
        is_public=True,
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    page = portal(client)
    assert "Projet confidentiel" not in page and "Projet archivé" not in page
    assert "Projet confidentiel" not in client.get("/mon-territoire/74042/").content.decode()


def test_an_unpublished_deliberation_never_appears(client, world):
    deliberation(world.space, title="Délibération en attente", published=False)
    assert "Délibération en attente" not in portal(client)
    feed = client.get("/p/cc-test/deliberations.atom").content.decode()
    assert "Délibération en attente" not in feed
    assert "Délibération en attente" not in client.get("/mon-territoire/74042/").content.decode()


def test_a_sitting_in_preparation_never_appears(client, world):
    sitting(world.space, status=SittingStatus.DRAFT, place="Lieu encore secret")
    assert "Lieu encore secret" not in portal(client)
    assert "Lieu encore secret" not in client.get("/p/cc-test/seances.ics").content.decode()


def test_a_sitting_of_a_body_that_does_not_sit_in_public_never_appears(client, world):
    sitting(world.space, kind=BodyKind.BUREAU, place="Bureau à huis clos")
    assert "Bureau à huis clos" not in portal(client)
    assert "Bureau à huis clos" not in client.get("/p/cc-test/seances.ics").content.decode()


def test_unpublished_minutes_never_appear(client, world):
    from maillage.meetings.models import Minutes

    held = sitting(world.space, status=SittingStatus.CLOSED, days=-3)
    Minutes.objects.create(sitting=held, debates_summary="Débats confidentiels")
    assert "Procès-verbal —" not in portal(client)


@pytest.mark.usefixtures("world")
def test_a_members_only_library_entry_never_appears(client, world, monkeypatch):
    from django.db import transaction

    from maillage.library.models import Visibility
    from tests.library.factories import make_document

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    make_document(world.space, world.agent, title="Note interne aux maires")
    make_document(world.space, world.agent, title="Guide public", visibility=Visibility.PUBLIC)
    page = portal(client)
    assert "Note interne aux maires" not in page
    assert "Guide public" in page


def test_a_draft_governance_document_never_appears(client, world):
    from tests.governance.factories import adopted, make_document

    make_document(world.space, world.agent, title="Pacte en brouillon")
    adopted(world.space, world.agent, title="Charte adoptée")
    page = portal(client)
    assert "Pacte en brouillon" not in page
    assert "Charte adoptée" in page


def test_an_experience_for_members_only_never_appears(client, world):
    from maillage.experiences.models import Visibility
    from tests.experiences.factories import make_experience

    make_experience(world.space, world.elu, title="Entre nous seulement")
    make_experience(
        world.space, world.elu, title="Notre cantine partagée", visibility=Visibility.PUBLIC
    )
    page = portal(client)
    assert "Entre nous seulement" not in page
    assert "Notre cantine partagée" in page


def test_a_draft_bulletin_never_appears(client, world):
    from django.utils import timezone

    from maillage.bulletins.models import Issue, IssueStatus

    now = timezone.now()
    Issue.objects.create(
        space=world.space, number=1, title="Numéro de printemps", status=IssueStatus.SENT,
        covers_since=now, sent_at=now,
    )  # fmt: skip
    Issue.objects.create(space=world.space, number=2, title="Numéro en brouillon", covers_since=now)
    page = portal(client)
    assert "Numéro en brouillon" not in page
    assert "Numéro de printemps" in page


# --- Query counts -------------------------------------------------------------------------------


def fill(space, n, epci):
    communes = [CommuneFactory() for _ in range(n)]
    add_members(epci, communes)
    SpaceMember.objects.bulk_create(SpaceMember(space=space, organisation=c) for c in communes)
    for i in range(n):
        project = ProjectFactory(space=space, is_public=True, status=ProjectStatus.IN_PROGRESS)
        project.communes.add(communes[i])
        milestones(project, total=2, done=1)
        deliberation(space, title=f"Délibération {i}")
        sitting(space, days=i + 1)
    return communes


@pytest.mark.parametrize("size", [1, 50])
def test_the_portal_home_costs_the_same_queries_whatever_its_size(
    client, db, size, django_assert_max_num_queries
):
    epci = EpciFactory()
    space = SpaceFactory(slug="grand", organisation=epci)
    fill(space, size, epci)
    with django_assert_max_num_queries(25):
        portal(client, "grand")


def test_a_large_portal_home_costs_exactly_the_queries_of_a_small_one(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for slug, size in (("petit", 1), ("grand", 50)):
        epci = EpciFactory()
        fill(SpaceFactory(slug=slug, organisation=epci), size, epci)
        portal(client, slug)  # the map cache and the session are warm
        with CaptureQueriesContext(connection) as queries:
            portal(client, slug)
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("size", [1, 50])
def test_my_territory_costs_the_same_queries_whatever_its_size(
    client, db, size, django_assert_max_num_queries
):
    epci = EpciFactory()
    space = SpaceFactory(slug="grand", organisation=epci)
    communes = fill(space, size, epci)
    with django_assert_max_num_queries(16):
        response = client.get(f"/mon-territoire/{communes[0].insee_code}/")
    assert response.status_code == 200


# --- Mon territoire -----------------------------------------------------------------------------


def test_a_citizen_types_a_postcode_and_lands_on_their_commune(client, world):
    add_postcode(world.commune, "74130")
    response = client.get("/mon-territoire/", {"q": "74130"})
    assert response.status_code == 302
    assert response["Location"] == "/mon-territoire/74042/"


def test_several_communes_are_listed_to_choose_from(client, world):
    CommuneFactory(name="Bonneville-sur-Touques", insee_code="14090")
    page = client.get("/mon-territoire/", {"q": "bonneville"}).content.decode()
    assert "/mon-territoire/74042/" in page and "/mon-territoire/14090/" in page


def test_a_commune_that_does_not_exist_is_answered_in_french(client, world):
    page = client.get("/mon-territoire/", {"q": "Zzzyx"}).content.decode()
    assert "Aucune commune trouvée" in page


def test_my_territory_names_the_epci_its_communes_and_the_portal(client, world):
    page = client.get("/mon-territoire/74042/").content.decode()
    assert "CC du Test" in page and "Marignier" in page
    assert "/p/cc-test/" in page


def test_my_territory_works_for_a_commune_whose_epci_has_no_space(client, db):
    epci = EpciFactory(name="CC sans espace")
    commune = CommuneFactory(name="Petiteville", insee_code="12345")
    add_members(epci, [commune])
    page = client.get("/mon-territoire/12345/").content.decode()
    assert "CC sans espace" in page and "/p/" not in page


def test_my_territory_says_when_a_commune_has_no_epci(client, db):
    CommuneFactory(name="Île-Seule", insee_code="29083")
    page = client.get("/mon-territoire/29083/").content.decode()
    assert "aucune intercommunalité" in page


def test_my_territory_shows_projects_seats_and_services_of_the_commune(client, world):
    from maillage.catalogue.models import Service, ServiceStatus, Subscription
    from tests.meetings.factories import SeatFactory, council

    project = ProjectFactory(space=world.space, title="Maison de santé", is_public=True)
    project.communes.add(world.commune)
    SeatFactory(body=council(world.space), person=world.elu, organisation=world.commune)
    service = Service.objects.create(
        space=world.space,
        name="Secrétariat de mairie partagé",
        status=ServiceStatus.OPEN,
        available_from=datetime.date(2024, 1, 1),
    )
    Subscription.objects.create(
        service=service, organisation=world.commune, start_date=datetime.date(2025, 1, 1)
    )
    page = client.get("/mon-territoire/74042/").content.decode()
    assert "Maison de santé" in page
    assert "Élise Maire" in page
    assert "Secrétariat de mairie partagé" in page


def test_an_unknown_commune_is_a_404(client, db):
    assert client.get("/mon-territoire/99999/").status_code == 404


# --- Feeds --------------------------------------------------------------------------------------


def test_the_ical_feed_lists_the_public_sittings(client, world):
    sitting(world.space, place="Salle du conseil de Bonneville")
    response = client.get("/p/cc-test/seances.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "Salle du conseil de Bonneville" in body
    # Times are in Europe/Paris, and the file defines that zone (RFC 5545 § 3.6.5).
    assert "DTSTART;TZID=Europe/Paris:" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in body and "TZOFFSETTO:+0200" in body


def test_the_atom_feed_lists_the_published_deliberations(client, world):
    deliberation(world.space, title="Tarifs de la piscine")
    response = client.get("/p/cc-test/deliberations.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "Tarifs de la piscine" in body and "/deliberations/" in body


# --- The map page -------------------------------------------------------------------------------


def test_an_admin_uploads_the_map_from_the_page(login, world):
    client = login(world.admin)
    response = client.post("/p/cc-test/carte/", {"fichier": geojson_upload()}, follow=True)
    page = response.content.decode()
    assert "dessine 2 commune(s)" in page
    assert "1 contour(s) de communes qui ne sont pas membres" in page


def test_a_wrong_file_is_shown_again_with_the_reason(login, world):
    client = login(world.admin)
    response = client.post("/p/cc-test/carte/", {"fichier": geojson_upload(b"{}")})
    assert response.status_code == 400
    assert "FeatureCollection" in response.content.decode()


def test_an_admin_removes_the_map(login, world):
    services.upload_commune_map(actor=world.admin.user, space=world.space, upload=geojson_upload())
    client = login(world.admin)
    response = client.post("/p/cc-test/carte/retirer/", follow=True)
    assert "n'apparaît plus sur le portail" in html.unescape(response.content.decode())
    assert "<svg" not in portal(client)


def test_an_agent_is_told_who_may_upload_the_map(login, world):
    response = login(world.agent).get("/p/cc-test/carte/")
    assert response.status_code == 403
    assert "administrateurs de l'espace" in html.unescape(response.content.decode())


def test_every_page_links_mon_territoire_in_the_main_navigation(client, db):
    page = client.get("/").content.decode()
    assert 'href="/mon-territoire/"' in page


def _feed_queries(client, space, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("feed", ["seances.ics", "deliberations.atom"])
def test_the_feeds_cost_the_same_queries_whatever_their_length(client, db, feed):
    counts = []
    for slug, size in (("petit", 1), ("grand", 20)):
        epci = EpciFactory()
        space = SpaceFactory(slug=slug, organisation=epci)
        fill(space, size, epci)
        counts.append(_feed_queries(client, space, f"/p/{slug}/{feed}"))
    assert counts[0] == counts[1]
