import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.meetings import rules
from maillage.meetings.rules import VoteCount

D = datetime.date

counts = st.integers(min_value=0, max_value=10_000)


# --- Convocation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "epci, population, urgent, clear_days",
    [
        (False, 120, False, 3),
        (False, 3_499, False, 3),
        (False, 3_500, False, 5),
        (False, 2_100_000, False, 5),
        (True, None, False, 5),
        (True, 800, False, 5),
        (True, 600_000, False, 5),
        (False, 120, True, 1),
        (False, 50_000, True, 1),
        (True, None, True, 1),
        (False, None, True, 1),
    ],
)
def test_the_clear_days_depend_on_the_body_its_size_and_urgency(
    epci, population, urgent, clear_days
):
    assert rules.required_clear_days(epci=epci, population=population, urgent=urgent) == clear_days


def test_a_commune_without_a_population_cannot_get_a_delay():
    with pytest.raises(ValueError, match="population"):
        rules.required_clear_days(epci=False, population=None)


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError, match="négatif"):
        rules.required_clear_days(epci=False, population=-1)


@given(st.booleans(), st.one_of(st.none(), counts))
def test_every_epci_waits_five_clear_days_whatever_its_size(urgent, population):
    expected = 1 if urgent else 5
    assert rules.required_clear_days(epci=True, population=population, urgent=urgent) == expected


@given(counts, counts)
def test_a_larger_commune_never_waits_fewer_clear_days(a, b):
    small, large = sorted((a, b))
    assert rules.required_clear_days(epci=False, population=small) <= rules.required_clear_days(
        epci=False, population=large
    )


@pytest.mark.parametrize(
    "meeting, clear_days, deadline",
    [
        # Worked example: EPCI sitting Tuesday 1 March 2022, clear days 24–28 February.
        (D(2022, 3, 1), 5, D(2022, 2, 23)),
        # Worked example: urgent sitting Thursday 15 May 2025, 1 clear day.
        (D(2025, 5, 15), 1, D(2025, 5, 13)),
        # Week-ends and public holidays count and do not extend the deadline.
        (D(2025, 1, 6), 3, D(2025, 1, 2)),
        (D(2024, 3, 4), 3, D(2024, 2, 29)),
        (D(2025, 1, 2), 5, D(2024, 12, 27)),
        (D(2025, 5, 15), 0, D(2025, 5, 14)),
    ],
)
def test_the_deadline_leaves_the_clear_days_between_sending_and_meeting(
    meeting, clear_days, deadline
):
    assert rules.convocation_deadline(meeting, clear_days) == deadline


def test_the_epci_worked_example_chains_the_delay_and_the_deadline():
    clear_days = rules.required_clear_days(epci=True, population=None)
    assert rules.convocation_deadline(D(2022, 3, 1), clear_days) == D(2022, 2, 23)


def test_a_negative_number_of_clear_days_is_refused():
    with pytest.raises(ValueError, match="négatif"):
        rules.convocation_deadline(D(2025, 5, 15), -1)


@pytest.mark.parametrize(
    "sent_on, in_time",
    [(D(2025, 5, 12), True), (D(2025, 5, 13), True), (D(2025, 5, 14), False)],
)
def test_an_urgent_convocation_sent_the_day_before_the_sitting_is_too_late(sent_on, in_time):
    clear_days = rules.required_clear_days(epci=False, population=9_000, urgent=True)
    assert rules.sent_in_time(sent_on, D(2025, 5, 15), clear_days) is in_time


@given(st.dates(min_value=D(1900, 1, 1)), st.integers(min_value=0, max_value=30))
def test_the_deadline_is_strictly_before_the_meeting_with_exactly_the_clear_days_between(
    meeting, clear_days
):
    deadline = rules.convocation_deadline(meeting, clear_days)
    assert deadline < meeting
    assert (meeting - deadline).days - 1 == clear_days


@given(st.dates(min_value=D(1900, 1, 1)), st.integers(min_value=0, max_value=30), st.dates())
def test_a_convocation_is_in_time_exactly_when_sent_by_the_deadline(meeting, clear_days, sent_on):
    assert rules.sent_in_time(sent_on, meeting, clear_days) is (
        sent_on <= rules.convocation_deadline(meeting, clear_days)
    )


@pytest.mark.parametrize("clear_days, allowed", [(0, False), (1, True), (3, True), (5, True)])
def test_urgency_never_goes_below_one_clear_day(clear_days, allowed):
    assert rules.urgency_delay_allowed(clear_days) is allowed


@pytest.mark.parametrize("epci, clear_days", [(False, 3), (True, 5)])
def test_the_second_sitting_waits_three_clear_days_and_five_for_an_epci(epci, clear_days):
    assert rules.second_sitting_delay(epci=epci) == clear_days


# --- Quorum and proxies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "members, expected", [(1, 1), (2, 2), (3, 2), (10, 6), (11, 6), (45, 23), (84, 43)]
)
def test_the_quorum_is_a_majority_of_the_members_in_office(members, expected):
    assert rules.quorum(members) == expected


@pytest.mark.parametrize("members", [0, -3])
def test_a_body_without_members_in_office_has_no_quorum(members):
    with pytest.raises(ValueError, match="membre"):
        rules.quorum(members)


@given(st.integers(min_value=1, max_value=100_000))
def test_the_quorum_is_the_smallest_number_above_half_and_at_most_every_member(members):
    q = rules.quorum(members)
    assert q * 2 > members
    assert (q - 1) * 2 <= members
    assert q <= members


@pytest.mark.parametrize(
    "members, present, withdrawn, reached",
    [
        (10, 6, 0, True),
        (10, 5, 0, False),
        (10, 6, 1, False),
        (11, 6, 0, True),
        (45, 23, 0, True),
        (45, 22, 0, False),
        (1, 1, 0, True),
    ],
)
def test_the_quorum_counts_the_members_present_minus_those_who_withdrew(
    members, present, withdrawn, reached
):
    assert (
        rules.quorum_reached(members_in_office=members, present=present, withdrawn=withdrawn)
        is reached
    )


def test_more_withdrawn_members_than_present_ones_is_refused():
    with pytest.raises(ValueError, match="sortis"):
        rules.quorum_reached(members_in_office=10, present=2, withdrawn=3)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_one_more_member_present_never_loses_the_quorum(members, data):
    present = data.draw(st.integers(min_value=0, max_value=members - 1))
    if rules.quorum_reached(members_in_office=members, present=present):
        assert rules.quorum_reached(members_in_office=members, present=present + 1)


@pytest.mark.parametrize(
    "used, illness, valid",
    [(0, False, True), (2, False, True), (3, False, False), (4, False, False), (5, True, True)],
)
def test_a_proxy_lasts_three_consecutive_sittings_unless_for_certified_illness(
    used, illness, valid
):
    assert rules.proxy_still_valid(used, certified_illness=illness) is valid


# --- Votes -------------------------------------------------------------------------------------


def test_the_worked_example_counts_abstentions_out_of_the_votes_cast_and_adopts():
    count = VoteCount(votes_for=20, votes_against=12, abstentions=6)
    assert count.cast == 32
    outcome = rules.vote_outcome(
        votes_for=count.votes_for, votes_against=count.votes_against, secret=False
    )
    assert outcome == "adopted"


@pytest.mark.parametrize(
    "votes_for, votes_against, secret, president, outcome",
    [
        (20, 12, False, None, "adopted"),
        (12, 20, False, "for", "rejected"),
        (3, 2, True, None, "adopted"),
        (10, 10, False, "for", "adopted"),
        (10, 10, False, "against", "rejected"),
        (10, 10, False, "abstain", "rejected"),
        (10, 10, False, None, "rejected"),
        (10, 10, True, "for", "rejected"),
        (0, 0, False, "for", "rejected"),
        (0, 0, True, None, "rejected"),
        (1, 0, False, None, "adopted"),
        # Mégalis Bretagne weights: two départements and a mid-size EPCI against the région.
        (458, 300, False, None, "adopted"),
        (300, 300, False, "for", "adopted"),
    ],
)
def test_the_outcome_follows_the_votes_cast_and_the_tie_rules(
    votes_for, votes_against, secret, president, outcome
):
    result = rules.vote_outcome(
        votes_for=votes_for, votes_against=votes_against, secret=secret, president_vote=president
    )
    assert result == outcome


def test_an_unknown_president_vote_is_refused():
    with pytest.raises(ValueError, match="président"):
        rules.vote_outcome(votes_for=1, votes_against=1, secret=False, president_vote="pour")


@given(counts, counts, st.booleans(), st.sampled_from(["for", "against", "abstain", None]))
def test_a_vote_that_is_not_a_tie_ignores_the_president_and_the_ballot_mode(
    votes_for, votes_against, secret, president
):
    if votes_for != votes_against:
        expected = "adopted" if votes_for > votes_against else "rejected"
        result = rules.vote_outcome(
            votes_for=votes_for,
            votes_against=votes_against,
            secret=secret,
            president_vote=president,
        )
        assert result == expected


@given(counts, counts, st.booleans(), st.sampled_from(["for", "against", "abstain", None]))
def test_swapping_for_and_against_flips_the_outcome_unless_it_is_a_tie(
    votes_for, votes_against, secret, president
):
    outcomes = [
        rules.vote_outcome(votes_for=a, votes_against=b, secret=secret, president_vote=president)
        for a, b in ((votes_for, votes_against), (votes_against, votes_for))
    ]
    if votes_for == votes_against:
        assert outcomes[0] == outcomes[1]
    else:
        assert sorted(outcomes) == ["adopted", "rejected"]


@given(counts, st.sampled_from(["for", "against", "abstain", None]))
def test_a_tie_in_a_secret_ballot_always_rejects(votes, president):
    result = rules.vote_outcome(
        votes_for=votes, votes_against=votes, secret=True, president_vote=president
    )
    assert result == "rejected"


@given(counts, counts, st.integers(min_value=1, max_value=100), st.booleans())
def test_more_votes_for_never_turn_an_adoption_into_a_rejection(
    votes_for, votes_against, more, secret
):
    before = rules.vote_outcome(votes_for=votes_for, votes_against=votes_against, secret=secret)
    after = rules.vote_outcome(
        votes_for=votes_for + more, votes_against=votes_against, secret=secret
    )
    if before == "adopted":
        assert after == "adopted"


def test_weighted_ballots_add_the_statutory_weights_of_each_choice():
    # Mégalis Bretagne: région 300, départements 200, EPCI > 50,000 200, 20–50,000 58, < 20,000 11.
    totals = rules.weighted_totals(
        [(300, "against"), (200, "for"), (200, "for"), (58, "for"), (11, "abstain"), (11, "blank")]
    )
    assert totals == VoteCount(votes_for=458, votes_against=300, abstentions=11, blank_or_spoilt=11)
    assert totals.cast == 758
    assert rules.vote_outcome(votes_for=458, votes_against=300, secret=False) == "adopted"


@pytest.mark.parametrize("ballot", [(0, "for"), (-11, "for"), (58, "pour")])
def test_a_weighted_ballot_needs_a_positive_weight_and_a_known_choice(ballot):
    with pytest.raises(ValueError):
        rules.weighted_totals([ballot])


@given(st.lists(st.tuples(st.integers(1, 300), st.sampled_from(["for", "against", "abstain"]))))
def test_weighted_totals_keep_every_weight(ballots):
    totals = rules.weighted_totals(ballots)
    assert totals.cast + totals.abstentions == sum(weight for weight, _ in ballots)


@pytest.mark.parametrize(
    "present, public, secret, appointment, mode",
    [
        (30, 0, 0, False, "ordinary"),
        (30, 8, 0, False, "public"),
        (30, 7, 0, False, "ordinary"),
        (30, 0, 10, False, "secret"),
        (30, 0, 9, False, "ordinary"),
        (30, 8, 10, False, "secret"),
        (30, 30, 9, False, "public"),
        (30, 0, 0, True, "secret"),
        (4, 1, 0, False, "public"),
        (3, 0, 1, False, "secret"),
        (0, 0, 0, False, "ordinary"),
        (0, 0, 0, True, "secret"),
    ],
)
def test_the_ballot_mode_follows_the_requests_and_appointments(
    present, public, secret, appointment, mode
):
    result = rules.ballot_mode(
        present=present, public_requests=public, secret_requests=secret, appointment=appointment
    )
    assert result == mode


@given(counts, counts, counts)
def test_every_appointment_is_a_secret_ballot(present, public, secret):
    result = rules.ballot_mode(
        present=present, public_requests=public, secret_requests=secret, appointment=True
    )
    assert result == "secret"


@given(st.integers(min_value=1, max_value=500), counts, st.data())
def test_a_third_of_the_members_present_always_obtain_a_secret_ballot(present, public, data):
    secret = data.draw(st.integers(min_value=-(-present // 3), max_value=present))
    result = rules.ballot_mode(present=present, public_requests=public, secret_requests=secret)
    assert result == "secret"


@given(counts, counts, counts)
def test_the_ballot_mode_is_one_of_the_three_known_strings(present, public, secret):
    result = rules.ballot_mode(present=present, public_requests=public, secret_requests=secret)
    assert result in {"ordinary", "public", "secret"}


# --- Appointments ------------------------------------------------------------------------------

BIRTHS = {"Alice": D(1960, 1, 1), "Bruno": D(1970, 6, 1), "Chloé": D(1990, 3, 9)}


@pytest.mark.parametrize(
    "round_number, votes, cast, winner",
    [
        (1, {"Alice": 16, "Bruno": 14}, 30, "Alice"),
        (1, {"Alice": 15, "Bruno": 15}, 30, None),
        (1, {"Alice": 14, "Bruno": 12, "Chloé": 4}, 30, None),
        (2, {"Chloé": 16, "Bruno": 14}, 30, "Chloé"),
        (2, {"Alice": 15, "Bruno": 14}, 30, None),
        (3, {"Alice": 12, "Bruno": 10, "Chloé": 8}, 30, "Alice"),
        (3, {"Alice": 14, "Bruno": 14, "Chloé": 2}, 30, "Alice"),
        (3, {"Chloé": 14, "Bruno": 14, "Alice": 2}, 30, "Bruno"),
        (3, {"Alice": 0, "Bruno": 0}, 0, None),
        (3, {}, 0, None),
    ],
)
def test_an_appointment_needs_an_absolute_majority_then_a_relative_one_then_the_eldest(
    round_number, votes, cast, winner
):
    result = rules.appointment_winner(
        round_number=round_number, votes=votes, votes_cast=cast, birth_dates=BIRTHS
    )
    assert result == winner


@pytest.mark.parametrize("round_number", [0, 4, -1])
def test_an_appointment_has_at_most_three_rounds(round_number):
    with pytest.raises(ValueError, match="tour"):
        rules.appointment_winner(
            round_number=round_number, votes={"Alice": 3}, votes_cast=3, birth_dates=BIRTHS
        )


def test_candidates_cannot_get_more_votes_than_were_cast():
    with pytest.raises(ValueError, match="suffrages"):
        rules.appointment_winner(
            round_number=1, votes={"Alice": 20, "Bruno": 14}, votes_cast=30, birth_dates=BIRTHS
        )


def test_a_tie_in_the_third_round_needs_the_birth_dates_of_the_tied():
    with pytest.raises(ValueError, match="Denis"):
        rules.appointment_winner(
            round_number=3, votes={"Alice": 5, "Denis": 5}, votes_cast=10, birth_dates=BIRTHS
        )


def test_a_tie_between_candidates_born_the_same_day_is_left_to_the_council():
    twins = {"Alice": D(1960, 1, 1), "Aline": D(1960, 1, 1)}
    with pytest.raises(ValueError, match="trancher"):
        rules.appointment_winner(
            round_number=3, votes={"Alice": 5, "Aline": 5}, votes_cast=10, birth_dates=twins
        )


@given(
    st.integers(min_value=1, max_value=3),
    st.dictionaries(st.sampled_from(sorted(BIRTHS)), st.integers(0, 50), min_size=1),
    st.integers(min_value=0, max_value=20),
)
def test_the_appointed_candidate_has_the_majority_the_round_requires(round_number, votes, blank):
    cast = sum(votes.values()) + blank
    winner = rules.appointment_winner(
        round_number=round_number, votes=votes, votes_cast=cast, birth_dates=BIRTHS
    )
    if winner is None:
        return
    if round_number < 3:
        assert votes[winner] * 2 > cast
    else:
        assert votes[winner] == max(votes.values())
        tied = [name for name, count in votes.items() if count == votes[winner]]
        assert BIRTHS[winner] == min(BIRTHS[name] for name in tied)


@given(st.dictionaries(st.sampled_from(sorted(BIRTHS)), st.integers(1, 50), min_size=1))
def test_the_third_round_always_appoints_someone_once_votes_are_cast(votes):
    cast = sum(votes.values())
    assert rules.appointment_winner(
        round_number=3, votes=votes, votes_cast=cast, birth_dates=BIRTHS
    ) in set(votes)


# --- Videoconference ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "epci_council, item_kind, secret, allowed, reason",
    [
        (True, "deliberation", False, True, ""),
        (True, "information", False, True, ""),
        (True, "opinion", False, True, ""),
        (True, "appointment", False, False, "nomination"),
        (True, "budget_primitif", False, False, "budget primitif"),
        (True, "election", False, False, "président"),
        (True, "deliberation", True, False, "scrutin secret"),
        (False, "deliberation", False, False, "conseil d'un EPCI"),
        (False, "information", False, False, "bureau"),
    ],
)
def test_videoconference_is_for_epci_councils_and_public_votes_on_ordinary_items(
    epci_council, item_kind, secret, allowed, reason
):
    ok, why = rules.video_allowed(
        body_is_epci_council=epci_council, item_kind=item_kind, secret_ballot=secret
    )
    assert ok is allowed
    assert reason in why
    assert bool(why) is not allowed


def test_an_unknown_item_kind_is_refused():
    with pytest.raises(ValueError, match="inconnue"):
        rules.video_allowed(body_is_epci_council=True, item_kind="motion")


# --- Conférence des maires ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fiscalite_propre, bureau_of_every_mayor, mandatory",
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_the_conference_of_mayors_is_mandatory_in_epci_with_own_taxation_unless_the_bureau_has_every_mayor(  # noqa: E501
    fiscalite_propre, bureau_of_every_mayor, mandatory
):
    assert (
        rules.conference_of_mayors_mandatory(
            fiscalite_propre=fiscalite_propre, bureau_includes_every_mayor=bureau_of_every_mayor
        )
        is mandatory
    )


@pytest.mark.parametrize("mayors, requests", [(1, 1), (3, 1), (4, 2), (21, 7), (22, 8), (95, 32)])
def test_one_third_of_the_mayors_rounded_up_may_call_the_conference(mayors, requests):
    assert rules.conference_meeting_request_threshold(mayors) == requests


def test_a_conference_without_mayors_cannot_be_called():
    with pytest.raises(ValueError, match="maire"):
        rules.conference_meeting_request_threshold(0)


@given(st.integers(min_value=1, max_value=1_000))
def test_the_request_threshold_is_the_smallest_third_of_the_mayors(mayors):
    threshold = rules.conference_meeting_request_threshold(mayors)
    assert threshold * 3 >= mayors
    assert (threshold - 1) * 3 < mayors


def test_the_conference_meets_at_most_four_times_a_year():
    assert rules.MAX_CONFERENCE_MEETINGS_PER_YEAR == 4


# --- Publication and copies --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sitting, deadline",
    [(D(2025, 5, 15), D(2025, 5, 22)), (D(2024, 12, 28), D(2025, 1, 4))],
)
def test_the_list_of_deliberations_goes_online_within_a_week(sitting, deadline):
    assert rules.publication_deadline(sitting) == deadline


@pytest.mark.parametrize(
    "day, deadline",
    [
        (D(2025, 5, 15), D(2025, 6, 15)),
        (D(2025, 12, 10), D(2026, 1, 10)),
        (D(2025, 1, 31), D(2025, 2, 28)),
        (D(2024, 1, 31), D(2024, 2, 29)),
        (D(2025, 3, 31), D(2025, 4, 30)),
        (D(2025, 2, 28), D(2025, 3, 28)),
    ],
)
def test_copies_go_out_within_a_month_clamped_to_the_end_of_a_shorter_month(day, deadline):
    assert rules.copy_deadline(day) == deadline


@given(st.dates(max_value=D(9998, 12, 31)))
def test_the_copy_deadline_is_the_next_month_between_28_and_31_days_later(day):
    deadline = rules.copy_deadline(day)
    assert 28 <= (deadline - day).days <= 31
    assert (deadline.year * 12 + deadline.month) - (day.year * 12 + day.month) == 1
    assert deadline.day == min(day.day, calendar.monthrange(deadline.year, deadline.month)[1])
