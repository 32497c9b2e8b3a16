"""Acts in the browser: a visitor reads the published acts on a phone, an agent reads the
register and the minutes; axe-core on each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maillage.meetings.models import Attendance, Ballot, BallotMode, Choice, Presence
from maillage.meetings.services import acts
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    assert_accessible,
    browser,
    new_page,
    phone_page,
)
from tests.meetings.factories import AgendaItemFactory, at, closed_sitting, closed_vote, council
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def held(world):
    """A closed council sitting with a public vote, its list and minutes published."""
    body = council(world.space, people=[world.elu], chair=world.elu, members=2)
    sitting = closed_sitting(
        body, at(2026, 3, 10), secretary=PersonFactory(first_name="Sophie", last_name="Secr")
    )
    seat = body.seats.get(person=world.elu)
    Attendance.objects.create(sitting=sitting, seat=seat, status=Presence.PRESENT)
    item = AgendaItemFactory(
        sitting=sitting,
        position=1,
        title="Tarifs de l'eau",
        draft_text="Vu le code,\n\nDécide de fixer les tarifs.",
    )
    vote = closed_vote(item, mode=BallotMode.PUBLIC, public_requests=1)
    Ballot.objects.create(vote=vote, voter=seat, choice=Choice.FOR)
    acts.number_deliberations(actor=None, sitting=sitting)
    acts.publish_deliberations(actor=None, sitting=sitting)
    minutes = acts.minutes_of(sitting)
    acts.approve_minutes(
        actor=None, minutes=minutes, at_sitting=closed_sitting(body, at(2026, 4, 7))
    )
    acts.publish_minutes(actor=None, minutes=minutes)
    return sitting


def test_a_visitor_reads_the_published_acts_on_a_phone(phone_page, live_server, held):  # noqa: F811
    """No account: the acts page, a deliberation, the minutes and the list."""
    page = phone_page
    page.goto(f"{live_server.url}/espaces/cc-test/actes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actes de CC du Test")
    assert_accessible(page)

    page.get_by_role("link", name="2026-001").click()
    expect(page.get_by_text("Décide de fixer les tarifs.")).to_be_visible()
    expect(page.get_by_text("Élise Maire").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/espaces/cc-test/seances/{held.pk}/proces-verbal/")
    expect(page.get_by_role("heading", name="Quorum à l'ouverture")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/espaces/cc-test/seances/{held.pk}/liste/")
    assert_accessible(page)


def test_an_agent_reads_the_register_and_the_minutes_forms(
    new_page,  # noqa: F811
    live_server,
    client,
    world,
    held,
):
    client.force_login(world.agent.user)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/espaces/cc-test/registre/")
    expect(page.get_by_text("Président : Élise Maire")).to_be_visible()
    assert_accessible(page)

    later = closed_sitting(held.body, timezone.now())
    page.goto(f"{live_server.url}/espaces/cc-test/seances/{later.pk}/proces-verbal/modifier/")
    page.get_by_label("Synthèse des débats").fill("Le président présente le budget.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le président présente le budget.")).to_be_visible()
    assert_accessible(page)
