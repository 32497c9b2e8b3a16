"""« Ma commune dans l'interco »: a mayor lands on their commune's page and finds the projects
that concern it, their élus' seats and attendance, their needs and « nous aussi », the
services they use and the contributions called."""

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.meetings.models import Presence
from maillage.mutualisation.models import Statement
from maillage.projects.models import Weather
from maillage.spaces.models import Role
from tests.meetings.factories import council
from tests.people.factories import MandateFactory, person_with_account
from tests.spaces.factories import add_space_members, give
from tests.territories.factories import CommuneFactory

from . import factories as make


def url(world, organisation=None, suffix=""):
    organisation = organisation or world.commune
    return f"/espaces/cc-test/tableau-de-bord/membres/{organisation.pk}/{suffix}"


def other_member(world):
    return world.space.members.exclude(organisation=world.commune).get().organisation


def test_a_mayor_lands_on_their_own_commune_from_ma_commune(world, login):
    response = login(world.elu).get("/espaces/cc-test/ma-commune/")
    assert response.status_code == 302 and response.url == url(world)
    page = login(world.elu).get(response.url).content.decode()
    assert "Ma commune dans l'interco : Bonneville" in page


def test_a_referent_lands_on_the_commune_they_are_referent_for(world, login):
    assert login(world.referent).get("/espaces/cc-test/ma-commune/").url == url(world)


def test_someone_without_a_commune_lands_on_the_list_of_members(world, login):
    response = login(world.agent).get("/espaces/cc-test/ma-commune/")
    assert response.url == "/espaces/cc-test/tableau-de-bord/membres/"
    page = login(world.agent).get(response.url).content.decode()
    assert "Bonneville" in page and "Marignier" in page


def test_an_elu_sees_the_page_of_another_member_too(world, login):
    page = login(world.elu).get(url(world, other_member(world))).content.decode()
    assert "<h1>Marignier</h1>" in page


def test_an_organisation_that_is_not_a_member_has_no_page(world, login):
    assert login(world.elu).get(url(world, CommuneFactory())).status_code == 404


def test_the_projects_that_concern_the_commune_show_their_progress_and_météo(world, login):
    today = timezone.localdate()
    both = make.project(
        world.space,
        title="Fibre pour tous",
        communes=[world.commune, other_member(world)],
        weather=Weather.AT_RISK,
        weather_at=timezone.now(),
    )
    make.milestone(both, due=today, done_on=today)
    make.milestone(both, due=today + datetime.timedelta(days=30))
    make.project(world.space, title="Piscine de Marignier", communes=[other_member(world)])
    make.project(
        world.space, title="Ancien projet", communes=[world.commune], archived_at=timezone.now()
    )
    page = login(world.elu).get(url(world)).content.decode()
    assert "Fibre pour tous" in page
    assert "À surveiller" in page
    assert "50 %" in page
    assert "Piscine de Marignier" not in page and "Ancien projet" not in page


def test_the_seats_of_the_communes_élus_show_their_attendance(world, login):
    deputy = person_with_account(first_name="Paul", last_name="Adjoint")
    MandateFactory(person=deputy, organisation=world.commune, function="adjoint")
    stranger = person_with_account(first_name="Zoé", last_name="Ailleurs")
    body = council(world.space, people=[world.elu, deputy, stranger])
    seats = {s.person_id: s for s in body.seats.all()}
    make.held_sitting(
        body,
        20,
        [
            (seats[world.elu.pk], Presence.PRESENT),
            (seats[deputy.pk], Presence.EXCUSED),
            (seats[stranger.pk], Presence.PRESENT),
        ],
    )
    make.held_sitting(body, 10, [(seats[world.elu.pk], Presence.REMOTE)])
    page = login(world.elu).get(url(world)).content.decode()
    assert "Élise Maire" in page and "Paul Adjoint" in page
    assert "Zoé" not in page
    assert "2 / 2" in page and "0 / 1" in page
    assert "Élise Maire — Conseil : 100 %" in page  # the chart says it in words


def test_the_communes_needs_show_the_nous_aussi_and_those_it_shares(world, login):
    own = make.need(world.space, world.commune, title="Un agent RGPD partagé")
    make.support(own, other_member(world))
    theirs = make.need(world.space, other_member(world), title="Un broyeur à végétaux")
    make.support(theirs, world.commune)
    make.need(world.space, other_member(world), title="Une balayeuse")
    page = login(world.elu).get(url(world)).content.decode()
    assert "Un agent RGPD partagé" in page
    assert '<td data-label="« Nous aussi »" class="num">1</td>' in page
    assert "Un broyeur à végétaux" in page and "exprimé par Marignier" in page
    assert "Une balayeuse" not in page


def test_the_services_used_and_the_contributions_called_are_listed(world, login):
    make.subscription(world.space, world.commune, name="Messagerie", paid_by=world.epci)
    make.subscription(
        world.space, world.commune, name="Ancien logiciel", end_date=datetime.date(2025, 6, 30)
    )
    page = login(world.elu).get(url(world)).content.decode()
    assert "Messagerie" in page and "CC du Test" in page
    assert "Ancien logiciel" not in page
    assert Statement.objects.count() == 0
    assert "Aucun appel de contribution" in page


def test_the_member_csv_has_its_sections(world, login):
    make.project(world.space, title="Fibre", communes=[world.commune], weather=Weather.ON_TRACK)
    make.need(world.space, world.commune, title="Un agent RGPD")
    make.subscription(world.space, world.commune, units=Decimal("3.5"))
    response = login(world.elu).get(url(world, suffix="export.csv"))
    text = b"".join(response.streaming_content).decode()
    assert "Projets qui concernent Bonneville\r\n" in text
    line = next(row for row in text.split("\r\n") if row.startswith("Fibre;"))
    assert line.startswith("Fibre;En cours;Dans les temps;") and line.endswith(";;")
    assert "Un agent RGPD;Numérique;" in text
    assert "Messagerie;01/01/2025;3,50;Bonneville\r\n" in text


def test_the_list_of_members_offers_each_their_own_page(world, login):
    second = CommuneFactory(name="Cluses")
    add_space_members(world.space, [second])
    mayor = person_with_account(first_name="Claire", last_name="Cluses")
    give(world.space, mayor, Role.REFERENT, organisation=second)
    page = login(mayor).get("/espaces/cc-test/tableau-de-bord/membres/").content.decode()
    assert "Ma commune : Cluses" in page
    assert page.count("/tableau-de-bord/membres/") >= 3


def test_someone_outside_the_space_is_told_what_they_would_need(world, login):
    response = login(world.outsider).get(url(world))
    assert response.status_code == 403
    assert "réservée aux personnes de l&#x27;espace" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client):
    response = client.get("/espaces/cc-test/tableau-de-bord/")
    assert response.status_code == 302 and "/connexion/" in response.url


def test_mon_espace_links_a_mayor_to_their_commune_in_the_interco(world, login):
    page = login(world.elu).get("/mon-espace/").content.decode()
    assert 'href="/espaces/cc-test/ma-commune/"' in page
    assert "Ma commune dans l&#x27;interco : Bonneville" in page or (
        "Ma commune dans l'interco : Bonneville" in page
    )


def test_mon_espace_gives_no_commune_link_to_an_agent_without_a_commune(world, login):
    page = login(world.agent).get("/mon-espace/").content.decode()
    assert "/espaces/cc-test/ma-commune/" not in page
