"""The quorum and the voters as a pure computation over the day's facts (L2121-17, L2121-20,
L5211-6): tables of cases, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.meetings.attendance import (
    ABSENT,
    EXCUSED,
    OPENING,
    PRESENT,
    REMOTE,
    REPLACED,
    REPRESENTED,
    Fact,
    count,
)


def council(*statuses, **extra):
    """Seats 1..n with these statuses."""
    return [Fact(seat=i, status=status) for i, status in enumerate(statuses, start=1)] + list(
        extra.get("more", [])
    )


@pytest.mark.parametrize(
    "statuses, present, needed, reached",
    [
        ((PRESENT,) * 6 + (ABSENT,) * 4, 6, 6, True),
        ((PRESENT,) * 5 + (ABSENT,) * 5, 5, 6, False),
        ((PRESENT,) * 5 + (REPLACED,) + (ABSENT,) * 4, 6, 6, True),  # a suppléant counts
        ((PRESENT,) * 5 + (EXCUSED,) * 5, 5, 6, False),
        ((PRESENT,) * 5 + (REMOTE,) + (ABSENT,) * 4, 6, 6, True),
        ((PRESENT,), 1, 1, True),
        ((PRESENT, ABSENT, ABSENT), 1, 2, False),
    ],
)
def test_the_quorum_is_a_majority_of_the_members_in_office_physically_present(
    statuses, present, needed, reached
):
    figures = count(council(*statuses))
    assert (figures.members_in_office, figures.present) == (len(statuses), present)
    assert (figures.needed, figures.reached) == (needed, reached)


def test_a_proxy_does_not_count_toward_the_quorum_but_adds_a_voter():
    facts = [Fact(seat=i, status=PRESENT) for i in range(1, 6)]
    facts += [Fact(seat=6, status=REPRESENTED, proxy_holder=1)]
    facts += [Fact(seat=i, status=ABSENT) for i in range(7, 11)]
    figures = count(facts)
    assert figures.present == 5
    assert figures.reached is False
    assert figures.represented == 1
    assert figures.voters == 6
    assert figures.proxies == {1: 6}


def test_a_proxy_held_by_an_absent_member_is_not_exercised():
    facts = [
        Fact(seat=1, status=PRESENT),
        Fact(seat=2, status=ABSENT),
        Fact(seat=3, status=REPRESENTED, proxy_holder=2),
    ]
    figures = count(facts)
    assert (figures.represented, figures.voters) == (0, 1)


def test_a_suppleant_sitting_for_a_titulaire_votes_with_the_suppleant_seat_and_may_hold_a_proxy():
    facts = [
        Fact(seat=1, status=REPLACED, replaced_by=10),
        Fact(seat=2, status=REPRESENTED, proxy_holder=10),
        Fact(seat=3, status=PRESENT),
    ]
    figures = count(facts)
    assert figures.present == 2
    assert figures.voting_seats == {10, 3}
    assert figures.proxies == {10: 2}
    assert figures.voters == 3


@pytest.mark.parametrize(
    "withdrawn, taking_part, reached, voters",
    [
        ((), 6, True, 7),
        ((1,), 5, False, 6),  # the withdrawn member is not counted for the item
        ((7,), 6, True, 6),  # a member who gave a proxy withdrew: the proxy is not exercised
        ((2,), 5, False, 5),  # the proxy holder withdrew: neither votes
    ],
)
def test_members_who_withdraw_from_an_item_are_not_counted_for_it(
    withdrawn, taking_part, reached, voters
):
    facts = [Fact(seat=i, status=PRESENT) for i in range(1, 7)]
    facts += [Fact(seat=7, status=REPRESENTED, proxy_holder=2)]
    facts += [Fact(seat=i, status=ABSENT) for i in range(8, 11)]
    figures = count(facts, position=3, withdrawn=withdrawn)
    assert figures.taking_part == taking_part
    assert figures.reached is reached
    assert figures.voters == voters


def test_a_suppleant_who_withdraws_is_not_counted_either():
    facts = [Fact(seat=1, status=REPLACED, replaced_by=10), Fact(seat=2, status=PRESENT)]
    figures = count(facts, position=1, withdrawn={10})
    assert (figures.present, figures.withdrawn, figures.taking_part) == (2, 1, 1)
    assert figures.voting_seats == {2}


@pytest.mark.parametrize(
    "position, present, reached",
    [(OPENING, 5, False), (1, 5, False), (2, 6, True), (4, 6, True), (5, 5, False), (6, 6, True)],
)
def test_a_late_arrival_counts_from_its_item_and_an_early_departure_until_its_item(
    position, present, reached
):
    facts = [Fact(seat=i, status=PRESENT) for i in range(1, 5)]
    facts += [Fact(seat=5, status=PRESENT, left_after_item=4)]  # leaves after item 4
    facts += [Fact(seat=6, status=PRESENT, arrived_at_item=2)]  # arrives at item 2
    facts += [Fact(seat=7, status=PRESENT, arrived_at_item=6)]  # arrives at item 6
    facts += [Fact(seat=i, status=ABSENT) for i in range(8, 11)]
    figures = count(facts, position=position)
    assert figures.present == present
    assert figures.reached is reached


def test_a_second_sitting_deliberates_without_quorum():
    facts = [Fact(seat=1, status=PRESENT)] + [Fact(seat=i, status=ABSENT) for i in range(2, 11)]
    first = count(facts)
    second = count(facts, second_convocation=True)
    assert (first.reached, first.may_deliberate) == (False, False)
    assert (second.reached, second.may_deliberate, second.without_quorum) == (False, True, True)
    assert first.missing == 5


def test_weights_add_up_for_the_voters_and_their_proxies():
    facts = [
        Fact(seat=1, status=PRESENT, weight=300),
        Fact(seat=2, status=REPRESENTED, weight=200, proxy_holder=1),
        Fact(seat=3, status=ABSENT, weight=11),
    ]
    figures = count(facts)
    assert figures.voting_weight == 500
    assert figures.voters == 2


def test_a_body_without_members_in_office_cannot_deliberate():
    figures = count([])
    assert (figures.needed, figures.reached, figures.may_deliberate) == (None, False, False)


STATUSES = [PRESENT, REMOTE, EXCUSED, ABSENT, REPRESENTED, REPLACED]


@st.composite
def days(draw):
    """A council of 1 to 30 members with random attendance, proxies, suppléants, late arrivals,
    early departures and withdrawals."""
    size = draw(st.integers(1, 30))
    facts, holders = [], set()
    for seat in range(1, size + 1):
        status = draw(st.sampled_from(STATUSES))
        holder = None
        if status == REPRESENTED:
            candidates = [s for s in range(1, size + 1) if s != seat and s not in holders]
            holder = draw(st.sampled_from(candidates)) if candidates else None
            if holder is not None:
                holders.add(holder)
        arrived = draw(st.none() | st.integers(1, 5))
        left = draw(st.none() | st.integers(arrived or 1, 6))
        facts.append(
            Fact(
                seat=seat,
                status=status,
                weight=draw(st.integers(1, 300)),
                replaced_by=100 + seat if status == REPLACED else None,
                proxy_holder=holder,
                arrived_at_item=arrived,
                left_after_item=left,
            )
        )
    withdrawn = draw(st.sets(st.integers(1, size)))
    return facts, withdrawn, draw(st.integers(0, 6))


@given(days())
def test_the_figures_always_hold_together(day):
    facts, withdrawn, position = day
    figures = count(facts, position=position, withdrawn=withdrawn)
    assert figures.members_in_office == len(facts)
    assert 0 <= figures.withdrawn <= figures.present <= figures.members_in_office
    assert figures.represented <= sum(f.status == REPRESENTED for f in facts)
    assert figures.represented <= figures.taking_part  # one proxy per member present
    assert figures.voters == figures.taking_part + figures.represented
    assert figures.reached == (figures.taking_part >= figures.members_in_office // 2 + 1)
    assert figures.voting_weight <= sum(f.weight for f in facts)
