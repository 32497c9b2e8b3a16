import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.meetings import rules
from maillage.meetings.rules import BallotMode, BodyKind, Candidate, Outcome, VoteCount

D = datetime.date


@pytest.mark.parametrize(
    "kind, population, delay",
    [
        (BodyKind.COMMUNE, 3_499, 3),
        (BodyKind.COMMUNE, 3_500, 5),
        (BodyKind.COMMUNE, 120, 3),
        (BodyKind.EPCI, None, 5),
        (BodyKind.EPCI, 800, 5),
    ],
)
def test_the_convocation_delay_depends_on_the_body_and_its_size(kind, population, delay):
    assert rules.convocation_delay(kind, population) == delay


@pytest.mark.parametrize(
    "meeting, clear_days, latest",
    [
        # Legal-rules worked example: EPCI sitting Tuesday 1 March 2022.
        (D(2022, 3, 1), 5, D(2022, 2, 23)),
        # Urgency, Thursday 15 May 2025, 1 clear day: send by Tuesday 13 May.
        (D(2025, 5, 15), 1, D(2025, 5, 13)),
        # Week-ends and holidays count and do not extend the deadline.
        (D(2025, 1, 6), 3, D(2025, 1, 2)),
    ],
)
def test_the_latest_sending_day_leaves_the_clear_days_between(meeting, clear_days, latest):
    assert rules.latest_sending_day(meeting, clear_days) == latest


def test_a_convocation_sent_one_day_late_is_refused():
    assert rules.sent_in_time(D(2025, 5, 13), D(2025, 5, 15), 1)
    assert not rules.sent_in_time(D(2025, 5, 14), D(2025, 5, 15), 1)


@given(st.dates(), st.integers(min_value=0, max_value=30))
def test_exactly_the_clear_days_lie_between_sending_and_meeting(meeting, clear_days):
    latest = rules.latest_sending_day(meeting, clear_days)
    assert (meeting - latest).days - 1 == clear_days


@pytest.mark.parametrize("days, allowed", [(0, False), (1, True), (3, True)])
def test_urgency_never_goes_below_one_clear_day(days, allowed):
    assert rules.urgency_delay_allowed(days) is allowed


@pytest.mark.parametrize("n, q", [(1, 1), (2, 2), (3, 2), (10, 6), (11, 6), (45, 23)])
def test_quorum_is_a_majority_of_members_in_office(n, q):
    assert rules.quorum(n) == q


def test_members_who_withdraw_from_an_item_do_not_count_for_its_quorum():
    assert rules.quorum_reached(members_in_office=10, present=6)
    assert not rules.quorum_reached(members_in_office=10, present=6, withdrawn=1)


@pytest.mark.parametrize(
    "count, mode, president, outcome",
    [
        # Legal-rules worked example: 20 for, 12 against, 6 abstentions → adopted.
        (VoteCount(20, 12, 6), BallotMode.PUBLIC, None, Outcome.ADOPTED),
        (VoteCount(10, 10, 5), BallotMode.PUBLIC, "pour", Outcome.ADOPTED),
        (VoteCount(10, 10), BallotMode.SHOW_OF_HANDS, "contre", Outcome.REJECTED),
        (VoteCount(10, 10), BallotMode.SHOW_OF_HANDS, None, Outcome.REJECTED),
        (VoteCount(10, 10), BallotMode.SECRET, "pour", Outcome.REJECTED),
        (VoteCount(3, 2, 40, 7), BallotMode.SECRET, None, Outcome.ADOPTED),
        (VoteCount(0, 0, 12), BallotMode.PUBLIC, "pour", Outcome.REJECTED),
    ],
)
def test_the_outcome_follows_the_votes_cast_and_the_tie_rules(count, mode, president, outcome):
    assert rules.vote_outcome(count, mode=mode, president_vote=president) == outcome


@pytest.mark.parametrize(
    "present, public, secret, appointment, mode",
    [
        (30, 0, 0, False, BallotMode.SHOW_OF_HANDS),
        (30, 8, 0, False, BallotMode.PUBLIC),
        (30, 7, 0, False, BallotMode.SHOW_OF_HANDS),
        (30, 8, 10, False, BallotMode.SECRET),
        (30, 0, 9, False, BallotMode.SHOW_OF_HANDS),
        (30, 0, 0, True, BallotMode.SECRET),
    ],
)
def test_the_ballot_mode_follows_the_requests(present, public, secret, appointment, mode):
    assert rules.ballot_mode(present=present, public_requests=public,
                             secret_requests=secret, appointment=appointment) == mode  # fmt: skip


def test_an_appointment_needs_an_absolute_majority_then_a_relative_one_then_the_eldest():
    alice = Candidate("Alice", 14, D(1960, 1, 1))
    bruno = Candidate("Bruno", 14, D(1970, 1, 1))
    assert rules.appointment_winner([alice, bruno], round_number=1, cast=30) is None
    assert rules.appointment_winner([alice, bruno], round_number=3, cast=30) == alice
    clear = Candidate("Chloé", 16, D(1990, 1, 1))
    assert rules.appointment_winner([clear, bruno], round_number=2, cast=30) == clear


@pytest.mark.parametrize("used, illness, valid", [(0, False, True), (2, False, True),
                                                  (3, False, False), (5, True, True)])  # fmt: skip
def test_a_proxy_lasts_three_consecutive_sittings_unless_for_illness(used, illness, valid):
    assert rules.proxy_still_valid(used, certified_illness=illness) is valid


def test_weighted_votes_add_the_statutory_weights():
    # Mégalis Bretagne: the région (300) against two départements (200 each) and an EPCI (58).
    assert rules.weighted_outcome([200, 200, 58], [300]) == Outcome.ADOPTED
    assert rules.weighted_outcome([300], [200, 58, 11, 11, 11, 11]) == Outcome.REJECTED
