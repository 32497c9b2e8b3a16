"""The rules of polls (maillage/polls/rules.py): tables of cases, and hypothesis for the
invariants of ranked choice and dot votes."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.polls import rules
from maillage.polls.rules import ABSTAIN, AGREE, BLOCK, DISAGREE, IF_NEEDED, NO, YES


@pytest.mark.parametrize(
    "stance, reason, refused",
    [
        (AGREE, "", False),
        (ABSTAIN, "", False),
        (DISAGREE, "", True),
        (DISAGREE, "   ", True),
        (DISAGREE, "Trop cher", False),
        (BLOCK, "", True),
        (BLOCK, "Contraire au pacte", False),
        ("peut-etre", "", True),
        (AGREE, "x" * 2001, True),
    ],
)
def test_a_consent_stance_needs_a_reason_only_against_the_proposal(stance, reason, refused):
    assert (rules.check_consent(stance, reason) is not None) is refused


@pytest.mark.parametrize(
    "stances, consented, blocked",
    [
        ([], False, False),
        ([AGREE, AGREE, ABSTAIN], True, False),
        ([AGREE, DISAGREE, DISAGREE], True, False),
        ([AGREE, AGREE, BLOCK], False, True),
        ([ABSTAIN], True, False),
    ],
)
def test_consent_holds_when_someone_answered_and_nobody_blocks(stances, consented, blocked):
    result = rules.consent_result(stances)
    assert (result.consented, result.blocked, result.total) == (consented, blocked, len(stances))


@pytest.mark.parametrize(
    "ranks, refused",
    [
        ({1: 1, 2: 2, 3: 3}, None),
        ({1: 2, 2: 1, 3: None}, None),
        ({1: None, 2: None, 3: None}, "Classez au moins"),
        ({1: 1, 2: 1, 3: 2}, "même rang"),
        ({1: 1, 2: 3, 3: None}, "Le rang 2 manque"),
        ({1: 4, 2: None, 3: None}, "de 1 à 3"),
        ({1: 1, 9: 2}, "pas dans le sondage"),
    ],
)
def test_a_ranked_ballot_ranks_from_one_without_gaps_or_duplicates(ranks, refused):
    error = rules.check_ranking([1, 2, 3], ranks)
    assert (error is None) if refused is None else (refused in error)


def test_a_ballot_lists_ranked_options_first_choice_first():
    assert rules.ballot_order({7: 2, 8: None, 9: 1}) == [9, 7]


@pytest.mark.parametrize(
    "options, ballots, winners, rounds",
    [
        ([1, 2, 3], [], (), 0),
        ([1, 2, 3], [[1, 2], [1, 3], [2, 1]], (1,), 1),  # absolute majority at once
        # 3 is eliminated; its ballot goes to 2, which then has 3 of 5.
        ([1, 2, 3], [[1], [1], [2], [2], [3, 2]], (2,), 2),
        ([1, 2], [[1], [2]], (1, 2), 1),  # all tied: the result says so
        # 2 and 3 tie for last and go together; then 1 and 4 tie.
        ([1, 2, 3, 4], [[1], [1], [2], [3], [4], [4], [4], [1]], (1, 4), 2),
        # an option nobody ranks is eliminated in round one
        ([1, 2, 3], [[1], [1], [2]], (1,), 1),
        ([1, 2, 3], [[1, 2], [2], [1]], (1,), 1),
        # a ballot whose options are eliminated is exhausted and no longer counted
        ([1, 2, 3], [[1], [1], [2], [2], [3]], (1, 2), 2),
    ],
)
def test_instant_runoff_table(options, ballots, winners, rounds):
    result = rules.instant_runoff(options, ballots)
    assert result.winners == winners
    assert len(result.rounds) == rounds


def test_an_exhausted_ballot_is_counted_as_such():
    result = rules.instant_runoff([1, 2, 3], [[1], [1], [2], [2], [3]])
    assert result.rounds[-1].exhausted == 1


ballot_lists = st.lists(
    st.permutations([1, 2, 3, 4]).flatmap(lambda p: st.integers(1, 4).map(lambda n: p[:n])),
    max_size=40,
)


@given(ballot_lists)
def test_instant_runoff_invariants(ballots):
    result = rules.instant_runoff([1, 2, 3, 4], ballots)
    assert set(result.winners) <= {1, 2, 3, 4}
    assert bool(result.winners) == bool(ballots)
    for round_ in result.rounds:
        # every ballot is counted once: for an option still in the race, or as exhausted
        assert sum(round_.counts.values()) + round_.exhausted == len(ballots)
    if ballots:
        firsts = [b[0] for b in ballots]
        for option in {1, 2, 3, 4}:
            if firsts.count(option) * 2 > len(ballots):
                assert result.winners == (option,)  # a majority of first choices wins
    # the order of ballots does not matter
    assert rules.instant_runoff([1, 2, 3, 4], list(reversed(ballots))).winners == result.winners


@pytest.mark.parametrize(
    "points, refused",
    [
        ({1: 5, 2: 5}, None),
        ({1: 3}, None),  # points left unspent
        ({1: 6, 2: 5}, "11 points"),
        ({1: 0, 2: 0}, "au moins un point"),
        ({1: -1, 2: 5}, "négatif"),
        ({9: 1}, "pas dans le sondage"),
    ],
)
def test_a_dot_vote_spends_at_most_its_budget(points, refused):
    error = rules.check_dots([1, 2, 3], points, 10)
    assert (error is None) if refused is None else (refused in error)


@given(
    st.integers(1, 20).flatmap(
        lambda budget: st.tuples(
            st.just(budget),
            st.lists(st.lists(st.integers(0, budget), min_size=3, max_size=3), max_size=30),
        )
    )
)
def test_dot_totals_never_exceed_the_budgets_and_add_up(case):
    budget, raw = case
    votes = [
        dict(zip([1, 2, 3], v, strict=True))
        for v in raw
        if rules.check_dots([1, 2, 3], dict(zip([1, 2, 3], v, strict=True)), budget) is None
    ]
    result = rules.dot_totals([1, 2, 3], votes)
    assert sum(result.values.values()) == sum(sum(v.values()) for v in votes)
    assert sum(result.values.values()) <= budget * len(votes)
    if votes:
        top = max(result.values.values())
        assert set(result.winners) == {o for o, v in result.values.items() if v == top}


def test_a_dot_vote_tie_names_every_option_in_the_lead():
    result = rules.dot_totals([1, 2, 3], [{1: 4, 2: 4, 3: 2}])
    assert result.winners == (1, 2)


@pytest.mark.parametrize(
    "scores, refused",
    [
        ({1: 0, 2: 5}, None),
        ({1: 3, 2: None}, None),
        ({1: None, 2: None}, "au moins une option"),
        ({1: 6}, "de 0 à 5"),
        ({1: -1}, "de 0 à 5"),
    ],
)
def test_scores_go_from_zero_to_five(scores, refused):
    error = rules.check_scores([1, 2], scores)
    assert (error is None) if refused is None else (refused in error)


def test_score_averages_ignore_no_opinion_and_round_to_the_hundredth():
    result = rules.score_averages([1, 2, 3], [{1: 5, 2: 1}, {1: 4}, {1: 4, 2: 2}])
    assert result.values == {1: 4.33, 2: 1.5, 3: None}
    assert result.counts == {1: 3, 2: 2, 3: 0}
    assert result.winners == (1,)


def test_equal_averages_are_all_in_the_lead():
    assert rules.score_averages([1, 2], [{1: 3, 2: 3}]).winners == (1, 2)


def test_a_date_answer_covers_every_date():
    assert rules.check_dates([1, 2], {1: YES, 2: NO}) is None
    assert "chaque date" in rules.check_dates([1, 2], {1: YES})
    assert "chaque date" in rules.check_dates([1, 2], {1: YES, 2: 7})


def _day(n):
    return datetime.datetime(2030, 3, n, 18, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "answers, best",
    [
        ([], None),
        ([{1: YES, 2: NO, 3: NO}], 1),
        ([{1: NO, 2: YES, 3: YES}, {1: YES, 2: YES, 3: NO}], 2),  # most « oui »
        # same « oui »: most « oui » + « si nécessaire »
        ([{1: YES, 2: YES, 3: NO}, {1: NO, 2: IF_NEEDED, 3: NO}], 2),
        # fully tied: the earliest date (option 3 is the 1st of March)
        ([{1: YES, 2: YES, 3: YES}], 3),
    ],
)
def test_the_best_date_has_most_yes_then_most_available_then_is_earliest(answers, best):
    options = [(1, _day(5)), (2, _day(9)), (3, _day(1))]
    result = rules.date_result(options, answers)
    assert result.best == best
    assert result.voters == len(answers)


def test_date_tallies_count_each_answer():
    options = [(1, _day(5)), (2, _day(9))]
    result = rules.date_result(options, [{1: YES, 2: IF_NEEDED}, {1: NO, 2: IF_NEEDED}])
    first, second = result.tallies
    assert (first.yes, first.if_needed, first.no) == (1, 0, 1)
    assert (second.yes, second.if_needed, second.no, second.available) == (0, 2, 0, 2)
