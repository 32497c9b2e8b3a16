"""Votes on the items of a sitting: opening and mode (L2121-21), show of hands, named ballots,
ballots from the phones, secret ballots that nothing links to their voter, outcomes (L2121-20)
and appointments in three rounds."""

import datetime

import pytest

from maillage.audit.models import ActionLog
from maillage.meetings.models import (
    AgendaItem,
    Ballot,
    BallotMode,
    Choice,
    ItemKind,
    Outcome,
    Presence,
    SecretBallot,
    SecretTurnout,
    SittingMode,
    Vote,
)
from maillage.meetings.services import MeetingError, votes
from maillage.meetings.services import session as services
from tests.meetings.test_session_services import Day, refused
from tests.people.factories import PersonFactory


def open_vote(day, item=None, **kwargs):
    return votes.open_vote(actor=day.actor, item=item or day.items[0], **kwargs)


def cast(day, vote, seat, choice, **kwargs):
    return votes.cast_ballot(actor=day.actor, vote=vote, voter_seat=seat, choice=choice, **kwargs)


def close(day, vote):
    return votes.close_vote(actor=day.actor, vote=vote)


# --- Opening a vote --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_vote_keeps_the_figures_of_its_item():
    day = Day(members=10, items=2).open(present=7)
    day.mark(day.seats[8], Presence.REPRESENTED, proxy_holder=day.seats[0])
    services.record_withdrawal(actor=day.actor, item=day.items[0], seat=day.seats[1])
    vote = open_vote(day)
    assert (vote.members_in_office, vote.present, vote.represented) == (10, 6, 1)
    assert vote.mode == BallotMode.ORDINARY
    assert ActionLog.objects.filter(action="meetings.open_vote").count() == 1


@pytest.mark.django_db
def test_no_vote_without_quorum_for_the_item():
    day = Day(members=10, items=2).open(present=6)
    services.record_withdrawal(actor=day.actor, item=day.items[0], seat=day.seats[0])
    error = refused("quorum n'est pas atteint", open_vote, day)
    assert "5 présent(s) pour 6 requis sur 10 membres" in str(error)
    assert not Vote.objects.exists()
    open_vote(day, day.items[1])  # the member is back for the next item


@pytest.mark.django_db
def test_no_vote_before_the_sitting_is_open():
    day = Day(members=3)
    refused("pas encore ouverte", open_vote, day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "public, secret, mode",
    [
        (0, 0, BallotMode.ORDINARY),
        (2, 0, BallotMode.ORDINARY),  # under a quarter of 12 present
        (3, 0, BallotMode.PUBLIC),  # a quarter
        (0, 4, BallotMode.SECRET),  # a third
        (3, 4, BallotMode.SECRET),  # both: secret wins
    ],
)
def test_the_ballot_mode_follows_the_requests(public, secret, mode):
    day = Day(members=12, items=1).open()
    vote = open_vote(day, public_requests=public, secret_requests=secret)
    assert vote.mode == mode


@pytest.mark.django_db
def test_requests_cannot_exceed_the_members_present():
    day = Day(members=4, items=1).open()
    refused("entre 0 et le nombre de membres présents", open_vote, day, secret_requests=5)


@pytest.mark.django_db
def test_one_vote_at_a_time_and_one_per_item():
    day = Day(members=3, items=2).open()
    vote = open_vote(day)
    refused("point n° 1 est encore ouvert", open_vote, day, day.items[1])
    votes.record_counts(actor=day.actor, vote=vote, votes_for=3)
    close(day, vote)
    refused("déjà été mis aux voix", open_vote, day)
    assert Vote.objects.count() == 1


@pytest.mark.django_db
def test_a_double_click_on_open_vote_gives_a_clean_french_error(monkeypatch):
    day = Day(members=3, items=1).open()
    first = open_vote(day)
    # The second click passed the checks before the first one was saved: the database decides.
    monkeypatch.setattr(
        votes,
        "_prepare_vote",
        lambda **kwargs: (Vote(item=first.item, round_number=1, mode=BallotMode.ORDINARY), None),
    )
    refused("pas été ouvert une seconde fois", open_vote, day)
    assert Vote.objects.count() == 1


@pytest.mark.django_db
def test_a_secret_ballot_in_a_multi_site_sitting_postpones_the_item():
    day = Day(
        members=6, items=1, mode=SittingMode.MULTI_SITE, video_url="https://visio.test/c"
    ).open()
    with pytest.raises(votes.ItemPostponed) as error:
        open_vote(day, secret_requests=2)
    assert "visioconférence" in str(error.value)
    assert "reporté" in str(error.value)
    assert AgendaItem.objects.get(pk=day.items[0].pk).postponed is True
    assert not Vote.objects.exists()
    assert ActionLog.objects.filter(action="meetings.postpone_item").count() == 1
    refused("reporté", open_vote, day)


@pytest.mark.django_db
def test_a_public_vote_is_held_in_a_multi_site_sitting():
    day = Day(
        members=6, items=1, mode=SittingMode.MULTI_SITE, video_url="https://visio.test/c"
    ).open()
    assert open_vote(day, public_requests=2, electronic=True).mode == BallotMode.PUBLIC


# --- Show of hands ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_show_of_hands_is_decided_by_the_votes_cast():
    day = Day(members=40, items=1).open(present=38)
    vote = open_vote(day)
    votes.record_counts(actor=day.actor, vote=vote, votes_for=20, votes_against=12, abstentions=6)
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (20, 12, 6)
    assert vote.cast == 32
    assert vote.outcome == Outcome.ADOPTED
    assert vote.status == Vote.Status.CLOSED and vote.closed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "president, outcome",
    [(Choice.FOR, Outcome.ADOPTED), (Choice.AGAINST, Outcome.REJECTED), ("", Outcome.REJECTED)],
)
def test_on_a_tie_the_presidents_vote_decides(president, outcome):
    day = Day(members=6, items=1).open()
    vote = open_vote(day)
    votes.record_counts(
        actor=day.actor, vote=vote, votes_for=3, votes_against=3, president_vote=president
    )
    assert close(day, vote).outcome == outcome


@pytest.mark.django_db
def test_counts_cannot_exceed_the_voters():
    day = Day(members=6, items=1).open(present=4)
    day.mark(day.seats[5], Presence.REPRESENTED, proxy_holder=day.seats[0])
    vote = open_vote(day)
    refused(
        "6 voix pour 5 votants",
        votes.record_counts,
        actor=day.actor,
        vote=vote,
        votes_for=4,
        votes_against=2,
    )
    votes.record_counts(actor=day.actor, vote=vote, votes_for=4, abstentions=1)
    refused("négatif", votes.record_counts, actor=day.actor, vote=vote, votes_for=-1)
    vote.refresh_from_db()
    assert (vote.votes_for, vote.abstentions) == (4, 1)


@pytest.mark.django_db
def test_weighted_counts_cannot_exceed_the_weights_of_the_voters():
    day = Day(members=3, items=1)
    day.body.weighted_votes = True
    day.body.save()
    for seat, weight in zip(day.seats, (300, 200, 11), strict=True):
        seat.weight = weight
        seat.save()
    day.open(present=2)
    vote = open_vote(day)
    refused(
        "voix pondérées",
        votes.record_counts,
        actor=day.actor,
        vote=vote,
        votes_for=300,
        votes_against=211,
    )
    votes.record_counts(actor=day.actor, vote=vote, votes_for=300, votes_against=200)
    assert close(day, vote).outcome == Outcome.ADOPTED


@pytest.mark.django_db
def test_a_vote_is_closed_only_once_counted():
    day = Day(members=3, items=1).open()
    vote = open_vote(day)
    refused("Saisissez le décompte", close, day, vote)
    votes.record_counts(actor=day.actor, vote=vote, votes_for=2, votes_against=1)
    close(day, vote)
    refused("clos", close, day, vote)
    refused("clos", votes.record_counts, actor=day.actor, vote=vote, votes_for=1)


@pytest.mark.django_db
def test_the_count_of_an_electronic_vote_is_that_of_the_ballots():
    day = Day(members=3, items=1).open()
    vote = open_vote(day, electronic=True)
    refused("téléphones", votes.record_counts, actor=day.actor, vote=vote, votes_for=3)


# --- Ballots from the phones -----------------------------------------------------------------


@pytest.mark.django_db
def test_members_vote_from_their_phones_and_may_change_their_vote_until_it_closes():
    day = Day(members=3, items=1).open()
    vote = open_vote(day, electronic=True)
    cast(day, vote, day.seats[0], Choice.AGAINST)
    cast(day, vote, day.seats[0], Choice.FOR)
    cast(day, vote, day.seats[1], Choice.FOR)
    cast(day, vote, day.seats[2], Choice.ABSTAIN)
    assert Ballot.objects.filter(vote=vote).count() == 3
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 0, 1)
    assert vote.outcome == Outcome.ADOPTED
    refused("clos", cast, day, vote, day.seats[0], Choice.AGAINST)
    assert Ballot.objects.get(vote=vote, voter=day.seats[0]).choice == Choice.FOR


@pytest.mark.django_db
def test_two_simultaneous_clicks_never_make_two_ballots():
    day = Day(members=3, items=1).open()
    vote = open_vote(day, electronic=True)
    # The other click's ballot is already there when this one inserts: the constraint
    # turns the insert into a change.
    Ballot.objects.create(vote=vote, voter=day.seats[0], choice=Choice.AGAINST)
    cast(day, vote, day.seats[0], Choice.FOR)
    assert list(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["for"]


@pytest.mark.django_db
def test_only_members_present_for_the_item_vote():
    day = Day(members=4, items=1).open(present=3)
    vote = open_vote(day, electronic=True)
    refused("présent(e) pour ce point", cast, day, vote, day.seats[3], Choice.FOR)
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_a_member_who_withdrew_does_not_vote():
    day = Day(members=4, items=1).open()
    services.record_withdrawal(actor=day.actor, item=day.items[0], seat=day.seats[0])
    vote = open_vote(day, electronic=True)
    refused("retiré", cast, day, vote, day.seats[0], Choice.FOR)


@pytest.mark.django_db
def test_a_suppleant_sitting_for_the_titulaire_votes_in_their_place():
    day = Day(members=3, items=1).open(present=2)
    substitute = day.suppleant(day.seats[2])
    day.mark(day.seats[2], Presence.REPLACED, replaced_by=substitute)
    vote = open_vote(day, electronic=True)
    cast(day, vote, substitute, Choice.FOR)
    refused("présent(e)", cast, day, vote, day.seats[2], Choice.FOR)
    assert Ballot.objects.get().voter == substitute


@pytest.mark.django_db
def test_a_member_votes_once_more_for_the_proxy_they_exercise_and_no_other():
    day = Day(members=5, items=1).open(present=3)
    day.mark(day.seats[3], Presence.REPRESENTED, proxy_holder=day.seats[0])
    vote = open_vote(day, electronic=True)
    cast(day, vote, day.seats[0], Choice.FOR)
    cast(day, vote, day.seats[0], Choice.AGAINST, on_behalf_of=day.seats[3])
    refused(
        "n'exerce pas le pouvoir",
        cast,
        day,
        vote,
        day.seats[1],
        Choice.FOR,
        on_behalf_of=day.seats[3],
    )
    refused(
        "n'exerce pas le pouvoir",
        cast,
        day,
        vote,
        day.seats[0],
        Choice.FOR,
        on_behalf_of=day.seats[4],
    )
    assert Ballot.objects.filter(vote=vote).count() == 2
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against) == (1, 1)


@pytest.mark.django_db
def test_a_proxy_ballot_carries_the_weight_of_the_member_who_gave_it():
    day = Day(members=3, items=1)
    day.body.weighted_votes = True
    day.body.save()
    for seat, weight in zip(day.seats, (11, 200, 58), strict=True):
        seat.weight = weight
        seat.save()
    day.open(present=0)
    day.mark(day.seats[0], Presence.PRESENT)
    day.mark(day.seats[2], Presence.PRESENT)
    day.mark(day.seats[1], Presence.REPRESENTED, proxy_holder=day.seats[0])
    vote = open_vote(day, electronic=True)
    cast(day, vote, day.seats[0], Choice.AGAINST)
    cast(day, vote, day.seats[0], Choice.FOR, on_behalf_of=day.seats[1])
    cast(day, vote, day.seats[2], Choice.AGAINST)
    assert sorted(Ballot.objects.values_list("weight", flat=True)) == [11, 58, 200]
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against, vote.outcome) == (200, 69, Outcome.ADOPTED)


@pytest.mark.django_db
def test_the_chairs_ballot_decides_a_tie_of_an_electronic_vote():
    day = Day(members=4, items=1)
    day.seats[0].is_chair = True
    day.seats[0].save()
    day.open()
    vote = open_vote(day, electronic=True)
    for seat, choice in zip(day.seats, "for for against against".split(), strict=True):
        cast(day, vote, seat, choice)
    vote = close(day, vote)
    assert vote.president_vote == Choice.FOR
    assert vote.outcome == Outcome.ADOPTED


@pytest.mark.django_db
def test_a_phone_ballot_is_refused_on_a_show_of_hands():
    day = Day(members=3, items=1).open()
    vote = open_vote(day)
    refused("ne se fait pas depuis les téléphones", cast, day, vote, day.seats[0], Choice.FOR)


@pytest.mark.django_db
def test_the_secretary_records_named_ballots_of_a_public_vote():
    day = Day(members=4, items=1).open()
    vote = open_vote(day, public_requests=1)
    assert vote.mode == BallotMode.PUBLIC
    for seat, choice in zip(day.seats, "for for against abstain".split(), strict=True):
        votes.record_named_ballot(actor=day.actor, vote=vote, seat=seat, choice=choice)
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 1, 1)
    assert ActionLog.objects.filter(action="meetings.record_ballot").count() == 4


# --- Secret ballots --------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_stored_links_a_secret_ballot_to_its_voter():
    fields = {f.name: f for f in SecretBallot._meta.get_fields()}
    assert set(fields) == {"id", "vote", "choice", "candidate", "weight"}
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in fields.values())
    assert fields["id"].get_internal_type() == "UUIDField"

    day = Day(members=4, items=1).open()
    vote = open_vote(day, secret_requests=2, electronic=True)
    cast(day, vote, day.seats[0], Choice.FOR)
    keys_after_one = set(SecretBallot.objects.values_list("id", flat=True))
    cast(day, vote, day.seats[1], Choice.AGAINST)
    cast(day, vote, day.seats[2], Choice.FOR)
    # The urn is reshuffled with new keys at every ballot: not even the keys remember the order.
    assert not keys_after_one & set(SecretBallot.objects.values_list("id", flat=True))
    assert SecretTurnout.objects.filter(vote=vote).count() == 3
    assert SecretBallot.objects.filter(vote=vote).count() == 3
    logged = ActionLog.objects.filter(action="meetings.cast_ballot")
    assert logged.count() == 3
    for entry in logged:
        assert "choice" not in entry.data and "candidate" not in entry.data
        assert "for" not in str(entry.data) and "against" not in str(entry.data)
    vote = close(day, vote)
    assert (vote.votes_for, vote.votes_against, vote.outcome) == (2, 1, Outcome.ADOPTED)


@pytest.mark.django_db
def test_a_secret_ballot_is_final_and_cast_once():
    day = Day(members=4, items=1).open(present=3)
    day.mark(day.seats[3], Presence.REPRESENTED, proxy_holder=day.seats[0])
    vote = open_vote(day, secret_requests=2, electronic=True)
    cast(day, vote, day.seats[0], Choice.FOR)
    refused("définitif", cast, day, vote, day.seats[0], Choice.AGAINST)
    cast(day, vote, day.seats[0], Choice.AGAINST, on_behalf_of=day.seats[3])
    refused(
        "déjà dans l'urne", cast, day, vote, day.seats[0], Choice.FOR, on_behalf_of=day.seats[3]
    )
    assert SecretBallot.objects.filter(vote=vote).count() == 2
    assert sorted(SecretBallot.objects.values_list("choice", flat=True)) == ["against", "for"]


@pytest.mark.django_db
def test_a_tie_rejects_in_a_secret_ballot_whatever_the_president():
    day = Day(members=4, items=1)
    day.seats[0].is_chair = True
    day.seats[0].save()
    day.open()
    vote = open_vote(day, secret_requests=2, electronic=True)
    for seat, choice in zip(day.seats, "for for against against".split(), strict=True):
        cast(day, vote, seat, choice)
    vote = close(day, vote)
    assert (vote.outcome, vote.president_vote) == (Outcome.REJECTED, "")


@pytest.mark.django_db
def test_no_named_ballot_in_a_secret_vote():
    day = Day(members=4, items=1).open()
    vote = open_vote(day, secret_requests=2)
    refused(
        "nom par nom",
        votes.record_named_ballot,
        actor=day.actor,
        vote=vote,
        seat=day.seats[0],
        choice=Choice.FOR,
    )


# --- Appointments ----------------------------------------------------------------------------


def appointment_day(members=5):
    day = Day(members=members, items=0).open()
    item = AgendaItem.objects.create(
        sitting=day.sitting, position=1, title="Désignation au SDIS", kind=ItemKind.APPOINTMENT
    )
    return day, item


@pytest.mark.django_db
def test_an_appointment_is_a_secret_ballot_between_named_candidates():
    day, item = appointment_day()
    refused("au moins un candidat", open_vote, day, item, electronic=True)
    refused(
        "date de naissance",
        open_vote,
        day,
        item,
        candidates=[votes.Candidate("Jeanne Extérieure")],
    )
    person = PersonFactory(
        first_name="Anne", last_name="Membre", birth_date=datetime.date(1960, 1, 1)
    )
    vote = open_vote(
        day,
        item,
        electronic=True,
        candidates=[person, votes.Candidate("Paul Autre", datetime.date(1970, 5, 5))],
    )
    assert vote.mode == BallotMode.SECRET
    assert vote.candidates == [
        {"name": "Anne Membre", "birth_date": "1960-01-01", "votes": 0},
        {"name": "Paul Autre", "birth_date": "1970-05-05", "votes": 0},
    ]
    for seat in day.seats[:3]:
        cast(day, vote, seat, Choice.FOR, candidate="Anne Membre")
    cast(day, vote, day.seats[3], Choice.FOR, candidate="Paul Autre")
    refused("un des candidats", cast, day, vote, day.seats[4], Choice.FOR, candidate="Inconnu")
    cast(day, vote, day.seats[4], Choice.BLANK)
    vote = close(day, vote)
    assert vote.elected == "Anne Membre"
    assert vote.outcome == Outcome.ADOPTED
    assert [c["votes"] for c in vote.candidates] == [3, 1]
    refused("déjà été désigné", open_vote, day, item)


@pytest.mark.django_db
def test_without_an_absolute_majority_a_second_and_third_round_follow():
    day, item = appointment_day(members=4)
    candidates = [
        votes.Candidate("Aînée", datetime.date(1950, 1, 1)),
        votes.Candidate("Cadet", datetime.date(1980, 1, 1)),
    ]
    for round_number in (1, 2):
        vote = open_vote(day, item, candidates=candidates if round_number == 1 else ())
        assert vote.round_number == round_number
        votes.record_counts(actor=day.actor, vote=vote, candidate_votes={"Aînée": 2, "Cadet": 2})
        vote = close(day, vote)
        assert vote.elected == ""
    vote = open_vote(day, item)
    assert vote.round_number == 3
    assert [c["name"] for c in vote.candidates] == ["Aînée", "Cadet"]
    votes.record_counts(actor=day.actor, vote=vote, candidate_votes={"Aînée": 2, "Cadet": 2})
    vote = close(day, vote)
    assert vote.elected == "Aînée"  # a tie elects the eldest
    refused("déjà été désigné", open_vote, day, item)


@pytest.mark.django_db
def test_an_appointment_cannot_be_held_by_videoconference():
    day = Day(members=5, items=0, mode=SittingMode.MULTI_SITE, video_url="https://visio.test/c")
    day.open()
    item = AgendaItem.objects.create(
        sitting=day.sitting, position=1, title="Désignation", kind=ItemKind.APPOINTMENT
    )
    with pytest.raises(MeetingError, match="reporté"):
        open_vote(day, item, candidates=[votes.Candidate("X", datetime.date(1970, 1, 1))])
    item.refresh_from_db()
    assert item.postponed
