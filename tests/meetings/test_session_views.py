"""Pages of the day of a sitting: the secretary's holding page with its live figures, the
failed quorum, the vote pages, the members' phone page and the panel of the sitting page."""

import datetime

import pytest

from maillage.meetings.models import (
    AgendaItem,
    Ballot,
    Choice,
    ItemKind,
    Presence,
    SecretBallot,
    SittingStatus,
    Vote,
)
from maillage.meetings.services import session as services
from maillage.meetings.services import votes
from tests.meetings.factories import (
    AgendaItemFactory,
    SeatFactory,
    SittingFactory,
    council,
    in_days,
)
from tests.people.factories import person_with_account


class Hall:
    """A council of the `world` space: the world's élu sits as chair, with `members` more; a
    sitting convened today; the world's agent holds the sitting."""

    def __init__(self, world, members=4, items=2, **sitting):
        self.world = world
        self.body = council(world.space, members=members, people=[world.elu], chair=world.elu)
        self.sitting = SittingFactory(
            body=self.body, status=SittingStatus.CONVENED, starts_at=in_days(0, 18), **sitting
        )
        self.items = [
            AgendaItemFactory(sitting=self.sitting, position=i) for i in range(1, items + 1)
        ]
        self.seats = list(self.body.seats.select_related("person").order_by("pk"))
        self.elu_seat = self.body.seats.get(person=world.elu)
        base = f"/espaces/cc-test/seances/{self.sitting.pk}/"
        self.hold_url, self.vote_url = base + "tenue/", base + "voter/"

    def open(self, present=None):
        agent = self.world.agent.user
        services.open_sitting(actor=agent, sitting=self.sitting)
        for seat in self.seats[: len(self.seats) if present is None else present]:
            services.record_attendance(
                actor=agent, sitting=self.sitting, seat=seat, status=Presence.PRESENT
            )
        self.sitting.refresh_from_db()
        return self


@pytest.fixture
def hall(world):
    return Hall(world)


# --- Holding page ----------------------------------------------------------------------------


def test_the_secretary_opens_the_sitting_from_the_holding_page(hall, login):
    client = login(hall.world.agent)
    page = client.get(hall.hold_url).content.decode()
    assert "Ouvrir la séance" in page
    response = client.post(hall.hold_url + "ouvrir/", follow=True)
    page = response.content.decode()
    assert "La séance est ouverte" in page
    assert "Feuille de présence" in page
    assert "Quorum et votants" in page
    hall.sitting.refresh_from_db()
    assert hall.sitting.status == SittingStatus.OPEN


def test_an_urgent_sitting_shows_the_urgency_to_report_at_the_opening(world, login):
    hall = Hall(world, urgent=True, urgency_reason="Subvention à voter avant le 1er décembre")
    page = login(world.agent).get(hall.hold_url).content.decode()
    assert (
        "Urgence à signaler à l&#x27;ouverture" in page
        or "Urgence à signaler à l'ouverture" in page
    )
    assert "Subvention à voter avant le 1er décembre" in page
    assert "L2121-12" in page


def test_opening_before_the_day_says_why(world, login):
    hall = Hall(world)
    hall.sitting.starts_at = in_days(2)
    hall.sitting.save()
    client = login(world.agent)
    page = client.get(hall.hold_url).content.decode()
    assert "Ouvrir la séance</button>" not in page
    assert "s&#x27;ouvre le jour pour lequel" in page or "s'ouvre le jour pour lequel" in page
    page = client.post(hall.hold_url + "ouvrir/", follow=True).content.decode()
    assert "ne peut pas être ouverte avant" in page


def test_the_holding_page_shows_the_quorum_for_each_item(hall, login):
    hall.open(present=2)  # 2 of 5: quorum 3 not reached
    services.record_attendance(
        actor=hall.world.agent.user,
        sitting=hall.sitting,
        seat=hall.seats[2],
        status=Presence.PRESENT,
        arrived_at_item=2,
    )
    page = login(hall.world.agent).get(hall.hold_url).content.decode()
    assert "Membres en exercice" in page
    assert "il manque 1 présent" in page
    assert page.count("non atteint") >= 2  # the opening and item 1
    assert "3 requis : atteint" in page  # item 2, once the late member arrived
    assert 'hx-trigger="every 5s' in page
    assert "Constater le quorum non atteint" in page


def test_the_live_figures_come_alone_to_htmx(hall, login):
    hall.open()
    response = login(hall.world.agent).get(
        hall.hold_url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="session-live"
    )
    page = response.content.decode()
    assert 'id="session-live"' in page
    assert "<html" not in page


def test_a_quick_button_records_a_presence_without_javascript(hall, login):
    hall.open(present=0)
    client = login(hall.world.agent)
    response = client.post(
        hall.hold_url + "presences/",
        {"seat": hall.seats[0].pk, "status": Presence.PRESENT, "quick": "1"},
    )
    assert response.status_code == 302
    assert hall.sitting.attendances.get(seat=hall.seats[0]).status == Presence.PRESENT


def test_a_quick_button_with_htmx_gets_its_row_back_and_refreshes_the_figures(hall, login):
    hall.open(present=0)
    response = login(hall.world.agent).post(
        hall.hold_url + "presences/",
        {"seat": hall.seats[1].pk, "status": Presence.EXCUSED, "quick": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Trigger"] == "attendance-changed"
    page = response.content.decode()
    assert f'id="membre-{hall.seats[1].pk}"' in page
    assert "Excusé" in page


def test_a_refused_attendance_keeps_what_was_typed_and_says_why(hall, login):
    hall.open(present=3)
    response = login(hall.world.agent).post(
        hall.hold_url + "presences/",
        {"seat": hall.seats[3].pk, "status": Presence.REPLACED},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez le suppléant" in page
    assert f'<option value="{hall.seats[3].pk}" selected>' in page


def test_the_secretary_records_a_proxy_and_a_withdrawal(hall, login):
    hall.open(present=4)
    client = login(hall.world.agent)
    response = client.post(
        hall.hold_url + "presences/",
        {
            "seat": hall.seats[4].pk,
            "status": Presence.REPRESENTED,
            "proxy_holder": hall.seats[0].pk,
        },
    )
    assert response.status_code == 302
    response = client.post(
        hall.hold_url + "retraits/",
        {"item": hall.items[0].pk, "seat": hall.seats[1].pk, "reason": "Intérêt personnel"},
        follow=True,
    )
    page = response.content.decode()
    assert "se retire du point 1" in page
    assert "retrait : " in page


def test_the_holding_page_is_refused_to_members_who_do_not_hold_it(hall, login):
    response = login(hall.world.elu).get(hall.hold_url)
    assert response.status_code == 403
    assert "secrétaire de séance" in response.content.decode()


def test_the_secretary_of_the_sitting_holds_it(world, login):
    hall = Hall(world)
    secretary = person_with_account(first_name="Sam", last_name="Secrétaire")
    hall.sitting.secretary = secretary
    hall.sitting.save()
    assert login(secretary).get(hall.hold_url).status_code == 200


@pytest.mark.parametrize("members", [1, 50])
def test_the_holding_page_query_count_does_not_grow_with_the_members(
    world, login, django_assert_max_num_queries, members
):
    hall = Hall(world, members=members - 1, items=3)
    hall.open()
    SeatFactory(body=hall.body, kind="suppleant", substitute_for=hall.seats[0])
    votes.open_vote(actor=world.agent.user, item=hall.items[0])
    client = login(world.agent)
    with django_assert_max_num_queries(12):
        response = client.get(hall.hold_url)
    assert response.status_code == 200


# --- Failed quorum ---------------------------------------------------------------------------


def test_the_secretary_records_a_failed_quorum_and_lands_on_the_second_sitting(hall, login):
    hall.open(present=1)
    client = login(hall.world.agent)
    page = client.get(hall.hold_url + "quorum-non-atteint/").content.decode()
    assert "5 jours francs" in page
    day = (in_days(6)).date()
    response = client.post(
        hall.hold_url + "quorum-non-atteint/",
        {"day": day.isoformat(), "time": "18:00", "place": "Salle du conseil"},
    )
    hall.sitting.refresh_from_db()
    second = hall.sitting.second_sitting
    assert response.status_code == 302
    assert response["Location"] == f"/espaces/cc-test/seances/{second.pk}/"
    assert second.items.count() == 2


def test_a_second_sitting_too_early_is_refused_with_the_first_possible_day(hall, login):
    hall.open(present=1)
    response = login(hall.world.agent).post(
        hall.hold_url + "quorum-non-atteint/",
        {"day": in_days(2).date().isoformat(), "time": "18:00", "place": "Salle"},
    )
    assert response.status_code == 200
    assert "au plus tôt le" in response.content.decode()


# --- Votes, secretary's side -----------------------------------------------------------------


def test_the_secretary_puts_an_item_to_a_show_of_hands_and_closes_it(hall, login):
    hall.open()
    client = login(hall.world.agent)
    item = hall.items[0]
    response = client.post(
        hall.hold_url + f"points/{item.pk}/vote/", {"public_requests": 0, "secret_requests": 0}
    )
    vote = Vote.objects.get(item=item)
    assert response["Location"].endswith(f"/tenue/votes/{vote.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Décompte des voix" in page
    response = client.post(
        hall.hold_url + f"votes/{vote.pk}/decompte/",
        {"votes_for": 9, "votes_against": 0, "abstentions": 0, "blank": 0},
    )
    assert "votants (présents et pouvoirs)" in response.content.decode()
    client.post(
        hall.hold_url + f"votes/{vote.pk}/decompte/",
        {"votes_for": 4, "votes_against": 1, "abstentions": 0, "blank": 0},
    )
    page = client.post(hall.hold_url + f"votes/{vote.pk}/clore/", follow=True).content.decode()
    assert "la délibération est adoptée" in page
    vote.refresh_from_db()
    assert (vote.votes_for, vote.outcome) == (4, "adopted")


def test_a_vote_without_quorum_is_refused_on_the_form(hall, login):
    hall.open(present=2)
    response = login(hall.world.agent).post(
        hall.hold_url + f"points/{hall.items[0].pk}/vote/",
        {"public_requests": 0, "secret_requests": 0},
    )
    assert "quorum n&#x27;est pas atteint" in response.content.decode()
    assert not Vote.objects.exists()


def test_an_appointment_is_opened_with_candidates_of_the_body_and_from_outside(hall, login):
    hall.open()
    item = AgendaItem.objects.create(
        sitting=hall.sitting, position=3, title="Désignation", kind=ItemKind.APPOINTMENT
    )
    client = login(hall.world.agent)
    response = client.post(
        hall.hold_url + f"points/{item.pk}/vote/",
        {"members": [hall.seats[1].pk], "others": "Paula Dehors ; 02/03/1961", "electronic": "on"},
    )
    assert response.status_code == 302
    vote = Vote.objects.get(item=item)
    assert [c["name"] for c in vote.candidates] == [str(hall.seats[1].person), "Paula Dehors"]
    assert vote.candidates[1]["birth_date"] == "1961-03-02"


def test_the_secretary_records_named_ballots_of_a_public_vote(hall, login):
    hall.open()
    vote = votes.open_vote(actor=hall.world.agent.user, item=hall.items[0], public_requests=2)
    client = login(hall.world.agent)
    client.post(
        hall.hold_url + f"votes/{vote.pk}/bulletins/",
        {"seat": hall.seats[1].pk, "choice": Choice.AGAINST},
    )
    page = client.get(hall.hold_url + f"votes/{vote.pk}/").content.decode()
    assert "Votes nominatifs" in page
    assert str(hall.seats[1].person) in page


# --- Members' phone page ---------------------------------------------------------------------


def test_a_member_votes_from_the_phone_page_and_may_change_the_vote(hall, login):
    hall.open()
    vote = votes.open_vote(actor=hall.world.agent.user, item=hall.items[0], electronic=True)
    client = login(hall.world.elu)
    page = client.get(hall.vote_url).content.decode()
    assert hall.items[0].title in page
    assert 'class="vote-button vote-for"' in page
    page = client.post(
        hall.vote_url, {"vote": vote.pk, "choice": Choice.AGAINST}, follow=True
    ).content.decode()
    assert "Vote enregistré : <strong>Contre</strong>" in page
    client.post(hall.vote_url, {"vote": vote.pk, "choice": Choice.FOR})
    assert Ballot.objects.get(vote=vote).choice == Choice.FOR


def test_a_member_holding_a_proxy_gets_a_second_ballot(hall, login):
    hall.open(present=4)
    services.record_attendance(
        actor=hall.world.agent.user,
        sitting=hall.sitting,
        seat=hall.seats[4],
        status=Presence.REPRESENTED,
        proxy_holder=hall.elu_seat,
    )
    vote = votes.open_vote(actor=hall.world.agent.user, item=hall.items[0], electronic=True)
    client = login(hall.world.elu)
    page = client.get(hall.vote_url).content.decode()
    assert f"Pour le pouvoir de {hall.seats[4].person}" in page
    client.post(
        hall.vote_url, {"vote": vote.pk, "choice": Choice.FOR, "on_behalf_of": hall.seats[4].pk}
    )
    assert Ballot.objects.get(vote=vote).on_behalf_of == hall.seats[4]


def test_a_secret_ballot_from_the_phone_only_says_that_the_member_has_voted(hall, login):
    hall.open()
    vote = votes.open_vote(
        actor=hall.world.agent.user, item=hall.items[0], secret_requests=3, electronic=True
    )
    client = login(hall.world.elu)
    page = client.post(
        hall.vote_url, {"vote": vote.pk, "choice": Choice.AGAINST}, follow=True
    ).content.decode()
    assert "Votre bulletin est dans l" in page
    assert "A voté" in page
    assert "Contre</strong>" not in page
    assert SecretBallot.objects.get().choice == Choice.AGAINST


def test_a_member_votes_for_a_candidate_with_one_button(hall, login):
    hall.open()
    item = AgendaItem.objects.create(
        sitting=hall.sitting, position=3, title="Désignation", kind=ItemKind.APPOINTMENT
    )
    vote = votes.open_vote(
        actor=hall.world.agent.user,
        item=item,
        electronic=True,
        candidates=[votes.Candidate("Paula Dehors", datetime.date(1961, 3, 2))],
    )
    client = login(hall.world.elu)
    assert 'value="Paula Dehors"' in client.get(hall.vote_url).content.decode()
    client.post(hall.vote_url, {"vote": vote.pk, "candidate": "Paula Dehors"})
    assert SecretBallot.objects.get().candidate == "Paula Dehors"


def test_a_ballot_after_the_vote_closed_is_refused(hall, login):
    hall.open()
    vote = votes.open_vote(actor=hall.world.agent.user, item=hall.items[0], electronic=True)
    votes.close_vote(actor=hall.world.agent.user, vote=vote)
    page = (
        login(hall.world.elu)
        .post(hall.vote_url, {"vote": vote.pk, "choice": Choice.FOR}, follow=True)
        .content.decode()
    )
    assert "Ce vote est clos" in page
    assert not Ballot.objects.exists()


def test_the_vote_page_without_open_vote_waits_for_one(hall, login):
    hall.open()
    page = login(hall.world.elu).get(hall.vote_url).content.decode()
    assert "Aucun vote n&#x27;est ouvert" in page or "Aucun vote n'est ouvert" in page


def test_the_vote_page_is_for_members_of_the_body(hall, login):
    hall.open()
    assert login(hall.world.agent).get(hall.vote_url).status_code == 403


# --- The panel of the sitting page -----------------------------------------------------------


def test_the_sitting_page_offers_to_hold_the_sitting_and_to_vote(hall, login):
    hall.open()
    sitting_url = f"/espaces/cc-test/seances/{hall.sitting.pk}/"
    page = login(hall.world.agent).get(sitting_url).content.decode()
    assert "Tenir la séance" in page
    votes.open_vote(actor=hall.world.agent.user, item=hall.items[0], electronic=True)
    page = login(hall.world.elu).get(sitting_url).content.decode()
    assert ">Voter</a>" in page
    assert "Tenir la séance</a>" not in page


def test_a_referent_of_the_space_sees_neither_link(hall, world, login):
    hall.open()
    votes.open_vote(actor=world.agent.user, item=hall.items[0], electronic=True)
    page = login(world.referent).get(f"/espaces/cc-test/seances/{hall.sitting.pk}/")
    assert "Tenir la séance</a>" not in page.content.decode()
    assert ">Voter</a>" not in page.content.decode()


def test_the_detailed_form_opened_for_a_member_shows_what_is_recorded(hall, login):
    hall.open(present=4)
    services.record_attendance(
        actor=hall.world.agent.user,
        sitting=hall.sitting,
        seat=hall.seats[4],
        status=Presence.REPRESENTED,
        proxy_holder=hall.seats[0],
    )
    page = (
        login(hall.world.agent).get(hall.hold_url + f"?membre={hall.seats[4].pk}").content.decode()
    )
    assert '<option value="represente" selected>' in page
    assert f'<option value="{hall.seats[0].pk}" selected>' in page
