"""Deadlines and silence of opinion requests (L5211-11-2, L5211-39-1), as tables of cases."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.opinions import rules
from maillage.opinions.rules import Outcome, Rule, Silence

D = datetime.date


@pytest.mark.parametrize(
    "sent_on, rule, expected",
    [
        # Pacte de gouvernance: 2 months (L5211-11-2).
        (D(2025, 3, 15), Rule.PACTE, D(2025, 5, 15)),
        (D(2025, 12, 31), Rule.PACTE, D(2026, 2, 28)),  # clamped to the month's end
        (D(2023, 12, 31), Rule.PACTE, D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), Rule.PACTE, D(2026, 1, 30)),  # across the year
        (D(2025, 8, 31), Rule.PACTE, D(2025, 10, 31)),
        (D(2025, 7, 31), Rule.PACTE, D(2025, 9, 30)),
        # Rapport de mutualisation: 3 months (L5211-39-1).
        (D(2025, 3, 15), Rule.MUTUALISATION, D(2025, 6, 15)),
        (D(2025, 11, 30), Rule.MUTUALISATION, D(2026, 2, 28)),
        (D(2027, 11, 30), Rule.MUTUALISATION, D(2028, 2, 29)),
        (D(2025, 5, 31), Rule.MUTUALISATION, D(2025, 8, 31)),
        (D(2025, 3, 31), Rule.MUTUALISATION, D(2025, 6, 30)),
        (D(2025, 10, 1), Rule.MUTUALISATION, D(2026, 1, 1)),
    ],
)
def test_the_legal_deadline_is_the_same_day_n_months_later_clamped(sent_on, rule, expected):
    assert rules.deadline_for(rule, sent_on) == expected


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 1, 31), 12, D(2026, 1, 31)),
        (D(2025, 1, 31), 13, D(2026, 2, 28)),
        (D(2025, 6, 10), 0, D(2025, 6, 10)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
    ],
)
def test_months_are_added_generically(day, months, expected):
    assert rules.add_months(day, months) == expected


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 36))
def test_a_deadline_never_lands_before_the_day_or_past_its_month(day, months):
    result = rules.add_months(day, months)
    assert result >= day
    assert (result.year - day.year) * 12 + result.month - day.month == months
    assert result.day == day.day or result.day < day.day


def test_a_chosen_deadline_must_come_after_the_sending():
    with pytest.raises(ValueError, match="doit venir après l'envoi"):
        rules.deadline_for(Rule.CHOSEN, D(2025, 3, 15), D(2025, 3, 15))
    with pytest.raises(ValueError, match="Choisissez la date limite"):
        rules.deadline_for(Rule.CHOSEN, D(2025, 3, 15))
    assert rules.deadline_for(Rule.CHOSEN, D(2025, 3, 15), D(2025, 4, 1)) == D(2025, 4, 1)


@pytest.mark.parametrize(
    "rule, chosen, expected",
    [
        (Rule.PACTE, "", Silence.PROCEDURE_CONTINUES),
        (Rule.PACTE, "favorable", Silence.PROCEDURE_CONTINUES),  # the law decides
        (Rule.MUTUALISATION, "", Silence.FAVOURABLE),
        (Rule.MUTUALISATION, "sans_avis", Silence.FAVOURABLE),
        (Rule.CHOSEN, "favorable", Silence.FAVOURABLE),
        (Rule.CHOSEN, "sans_avis", Silence.NO_OPINION),
    ],
)
def test_silence_follows_the_rule(rule, chosen, expected):
    assert rules.silence_for(rule, chosen) == expected


@pytest.mark.parametrize("chosen", ["", "poursuite", "n'importe quoi"])
def test_a_chosen_deadline_needs_a_favourable_or_no_opinion_silence(chosen):
    with pytest.raises(ValueError, match="Choisissez comment compter le silence"):
        rules.silence_for(Rule.CHOSEN, chosen)


DEADLINE = D(2025, 5, 15)


@pytest.mark.parametrize(
    "given_, today, silence, expected",
    [
        ("favorable", D(2025, 6, 1), Silence.PROCEDURE_CONTINUES, Outcome.FAVOURABLE),
        ("reserves", D(2025, 5, 1), Silence.FAVOURABLE, Outcome.RESERVATIONS),
        ("defavorable", D(2025, 6, 1), Silence.FAVOURABLE, Outcome.UNFAVOURABLE),
        (None, D(2025, 5, 14), Silence.FAVOURABLE, Outcome.PENDING),
        (None, D(2025, 5, 15), Silence.FAVOURABLE, Outcome.PENDING),  # the last day counts
        (None, D(2025, 5, 16), Silence.FAVOURABLE, Outcome.SILENCE_FAVOURABLE),
        (None, D(2025, 5, 16), Silence.NO_OPINION, Outcome.SILENCE_NO_OPINION),
        (None, D(2025, 5, 16), Silence.PROCEDURE_CONTINUES, Outcome.SILENCE_PROCEDURE_CONTINUES),
    ],
)
def test_a_member_counts_as_its_opinion_or_as_silence_after_the_deadline(
    given_, today, silence, expected
):
    assert rules.outcome(given_, deadline=DEADLINE, today=today, silence=silence) == expected


def test_the_pacte_silence_says_the_procedure_goes_on():
    label = rules.OUTCOME_LABELS[Outcome.SILENCE_PROCEDURE_CONTINUES]
    assert label == "Pas d'avis rendu, la procédure se poursuit"


def test_totals_count_silence_as_the_rule_says_with_shares_of_members_and_population():
    groups = [("favorable", 2, 3000), ("defavorable", 1, 1000), (None, 1, 1000)]
    during = rules.summarise(
        groups, deadline=DEADLINE, today=D(2025, 5, 1), silence=Silence.FAVOURABLE
    )
    assert during.count(Outcome.PENDING) == 1
    assert during.count(Outcome.SILENCE_FAVOURABLE) == 0
    after = rules.summarise(
        groups, deadline=DEADLINE, today=D(2025, 5, 16), silence=Silence.FAVOURABLE
    )
    assert [(line.outcome, line.count) for line in after.lines] == [
        (Outcome.FAVOURABLE, 2),
        (Outcome.RESERVATIONS, 0),
        (Outcome.UNFAVOURABLE, 1),
        (Outcome.SILENCE_FAVOURABLE, 1),
    ]
    favourable = after.lines[0]
    assert favourable.member_share == 0.5
    assert favourable.population_share == 0.6
    assert after.members == 4 and after.population == 5000


def test_totals_without_known_population_have_no_population_share():
    result = rules.summarise(
        [(None, 3, 0)], deadline=DEADLINE, today=D(2025, 6, 1), silence=Silence.NO_OPINION
    )
    assert result.lines[-1].outcome == Outcome.SILENCE_NO_OPINION
    assert result.lines[-1].count == 3
    assert result.lines[-1].population_share is None
