"""The workflow rules and the pacte's legal dates (L5211-11-2), as tables of cases."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.governance import rules
from maillage.governance.rules import Stage

D = datetime.date


@pytest.mark.parametrize(
    "kind, current, target, consulted, allowed",
    [
        ("charte", Stage.DRAFT, Stage.CONTRIBUTIONS, False, True),
        ("charte", Stage.DRAFT, Stage.FINAL, False, True),
        ("pacte_gouvernance", Stage.DRAFT, Stage.FINAL, False, False),
        ("pacte_gouvernance", Stage.CONTRIBUTIONS, Stage.FINAL, False, False),
        ("pacte_gouvernance", Stage.CONSULTATION, Stage.FINAL, True, True),
        ("schema_mutualisation", Stage.CONTRIBUTIONS, Stage.FINAL, False, False),
        ("charte", Stage.CONTRIBUTIONS, Stage.CONSULTATION, False, True),
        ("charte", Stage.DRAFT, Stage.ADOPTED, False, False),
        ("charte", Stage.CONSULTATION, Stage.CONTRIBUTIONS, False, False),
        ("charte", Stage.FINAL, Stage.ADOPTED, False, True),
        ("charte", Stage.ADOPTED, Stage.IN_FORCE, False, True),
        ("charte", Stage.ADOPTED, Stage.DRAFT, False, True),
        ("charte", Stage.IN_FORCE, Stage.DRAFT, False, True),
        ("charte", Stage.IN_FORCE, Stage.ADOPTED, False, False),
    ],
)
def test_which_step_may_follow_which(kind, current, target, consulted, allowed):
    if allowed:
        rules.check_transition(kind, current, target, consulted=consulted)
    else:
        with pytest.raises(ValueError):
            rules.check_transition(kind, current, target, consulted=consulted)


def test_a_pacte_without_consultation_is_told_the_article_of_the_law():
    with pytest.raises(ValueError, match="L5211-11-2"):
        rules.check_transition("pacte_gouvernance", Stage.CONTRIBUTIONS, Stage.FINAL)


@pytest.mark.parametrize(
    "renewal, debate_by, send_by, adopt_by",
    [
        (D(2026, 3, 22), D(2026, 6, 22), D(2026, 10, 22), D(2026, 12, 22)),
        (D(2020, 5, 31), D(2020, 8, 31), D(2020, 12, 31), D(2021, 2, 28)),
        (D(2027, 5, 31), D(2027, 8, 31), D(2027, 12, 31), D(2028, 2, 29)),
        (D(2026, 1, 1), D(2026, 4, 1), D(2026, 8, 1), D(2026, 10, 1)),
    ],
)
def test_the_pacte_dates_follow_the_renewal(renewal, debate_by, send_by, adopt_by):
    dates = rules.pacte_dates(renewal)
    assert (dates.debate_by, dates.send_by, dates.adopt_by) == (debate_by, send_by, adopt_by)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)))
def test_the_pacte_dates_come_in_order_and_leave_two_months_for_the_opinions(renewal):
    dates = rules.pacte_dates(renewal)
    assert renewal < dates.debate_by < dates.send_by < dates.adopt_by
    assert 58 <= (dates.adopt_by - dates.send_by).days <= 62
    assert 270 <= (dates.adopt_by - renewal).days <= 276


RENEWAL = D(2026, 3, 22)  # debate by 22/06, send by 22/10, adopt by 22/12


@pytest.mark.parametrize(
    "today, stage, debate_held, sent, keys",
    [
        (D(2026, 5, 23), Stage.DRAFT, False, False, ["debat"]),  # 30 days before the debate
        (D(2026, 6, 15), Stage.DRAFT, False, False, ["debat"]),  # 7 days
        (D(2026, 6, 21), Stage.DRAFT, False, False, ["debat"]),  # 1 day
        (D(2026, 6, 22), Stage.DRAFT, False, False, ["debat"]),  # the day
        (D(2026, 6, 20), Stage.DRAFT, False, False, []),  # 2 days: not a reminder day
        (D(2026, 6, 29), Stage.DRAFT, False, False, ["debat"]),  # passed: each week
        (D(2026, 6, 30), Stage.DRAFT, False, False, []),
        (D(2026, 6, 22), Stage.DRAFT, True, False, []),  # held: no reminder
        (D(2026, 10, 15), Stage.CONTRIBUTIONS, True, False, ["envoi"]),
        (D(2026, 10, 15), Stage.CONSULTATION, True, True, []),
        (D(2026, 11, 22), Stage.CONSULTATION, True, True, ["adoption"]),
        (D(2026, 12, 22), Stage.FINAL, True, True, ["adoption"]),
        (D(2026, 12, 22), Stage.ADOPTED, True, True, []),
        (D(2026, 12, 29), Stage.FINAL, True, True, ["adoption"]),
    ],
)
def test_reminders_fall_on_the_days_before_each_legal_date(today, stage, debate_held, sent, keys):
    reminders = rules.due_reminders(
        renewal=RENEWAL, stage=stage, debate_held=debate_held, sent=sent, today=today
    )
    assert [r.key for r in reminders] == keys


def test_a_reminder_says_the_day_and_what_is_due():
    (reminder,) = rules.due_reminders(
        renewal=RENEWAL, stage=Stage.DRAFT, debate_held=False, sent=False, today=D(2026, 6, 15)
    )
    assert (
        reminder.message
        == "Échéance dans 7 jours (22/06/2026) : le débat sur l'élaboration du pacte."
    )


def test_no_reminder_without_a_renewal_date():
    assert (
        rules.due_reminders(
            renewal=None, stage=Stage.DRAFT, debate_held=False, sent=False, today=D(2026, 6, 15)
        )
        == []
    )


@pytest.mark.parametrize(
    "stage, until, today, open_",
    [
        (Stage.CONTRIBUTIONS, D(2026, 5, 10), D(2026, 5, 10), True),
        (Stage.CONTRIBUTIONS, D(2026, 5, 10), D(2026, 5, 11), False),
        (Stage.DRAFT, D(2026, 5, 10), D(2026, 5, 1), False),
        (Stage.CONTRIBUTIONS, None, D(2026, 5, 1), False),
    ],
)
def test_contributions_are_open_until_their_last_day_included(stage, until, today, open_):
    assert rules.contributions_open(stage, until, today) is open_


@pytest.mark.parametrize(
    "until, today, error",
    [
        (None, D(2026, 5, 1), "jusqu'à quand"),
        (D(2026, 5, 1), D(2026, 5, 1), "doit venir après"),
        (D(2026, 4, 1), D(2026, 5, 1), "doit venir après"),
        (D(2026, 5, 2), D(2026, 5, 1), None),
    ],
)
def test_the_end_of_contributions_comes_after_today(until, today, error):
    if error is None:
        rules.check_contributions_end(until, today)
    else:
        with pytest.raises(ValueError, match=error):
            rules.check_contributions_end(until, today)


@pytest.mark.parametrize(
    "deadline, all_answered, today, allowed",
    [
        (D(2026, 5, 10), False, D(2026, 5, 10), False),  # the last day: councils may answer
        (D(2026, 5, 10), False, D(2026, 5, 11), True),  # silence: the procedure goes on
        (D(2026, 5, 10), True, D(2026, 4, 1), True),  # everyone answered
        (None, False, D(2026, 4, 1), True),
    ],
)
def test_the_final_version_follows_the_opinions_or_their_delay(
    deadline, all_answered, today, allowed
):
    assert rules.adoption_allowed(deadline, all_answered, today) is allowed


@pytest.mark.parametrize(
    "base, current, removed, conflicting",
    [(1, 1, False, False), (1, 2, False, True), (3, 3, True, True)],
)
def test_an_amendment_conflicts_when_its_article_changed(base, current, removed, conflicting):
    assert rules.is_conflicting(base, current, removed) is conflicting


@pytest.mark.parametrize(
    "previous, following, position",
    [(10, None, 20), (10, 20, 15), (10, 12, 11), (10, 11, None), (15, 20, 17)],
)
def test_an_inserted_article_takes_a_place_between_two_others(previous, following, position):
    assert rules.position_after(previous, following) == position
