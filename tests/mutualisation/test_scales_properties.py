"""Properties of contribution scales and bounded allocation, by hypothesis: the amounts sum
exactly to the total, floors and ceilings are respected, a bigger population never pays less,
the same input gives the same lines, and a comparison's shares sum to 100 %."""

from decimal import Decimal as D

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maillage.mutualisation.allocation import allocate_bounded
from maillage.mutualisation.scales import (
    MemberData,
    Part,
    Scale,
    Tier,
    apply_scale,
    compare,
)

FAST = settings(max_examples=200, deadline=None)
CENT = D("0.01")

cents = st.integers(min_value=0, max_value=10**9)
populations = st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=25)
TIERS = (Tier(0, 500, D(1)), Tier(500, 3_500, D("1.5")), Tier(3_500, None, D(3)))


def members_of(pops: list[int], payer_every: int = 0) -> list[MemberData]:
    return [
        MemberData(
            key=n,
            name=f"Commune {n}",
            population_municipale=pop,
            population_totale=pop + n,
            units=D(pop % 17 + 1),
            weight=D(pop) / 7 if pop else D(0),
            paid_by=("epci" if payer_every and n % payer_every == 0 else None),
        )
        for n, pop in enumerate(pops)
    ]


@st.composite
def scales(draw):
    bases = draw(
        st.lists(
            st.sampled_from(["equal", "population_totale", "tiers", "units"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    raw = [draw(st.integers(min_value=1, max_value=9)) for _ in bases]
    fractions = [(D(value) / sum(raw)).quantize(D("0.0001")) for value in raw]
    fractions[-1] = D(1) - sum(fractions[:-1])
    assume(fractions[-1] >= 0)
    return Scale(
        parts=tuple(Part(f, b) for f, b in zip(fractions, bases, strict=True)),
        tiers=TIERS,
        per_inhabitant_in_tier=draw(st.booleans()),
        fixed_amount=D(draw(st.integers(min_value=0, max_value=1000))),
        payer_rate=draw(st.sampled_from([D(0), D("0.5"), D("0.333"), D(1)])),
    )


@FAST
@given(scales(), populations, cents, st.integers(min_value=0, max_value=4))
def test_the_amounts_billed_sum_exactly_to_the_total(scale, pops, total_cents, payer_every):
    members = members_of(pops, payer_every)
    total = D(total_cents).scaleb(-2) + scale.fixed_amount * len(members)
    try:
        lines = apply_scale(total, scale, members)
    except ValueError as refusal:
        assert "poids nul" in str(refusal)  # e.g. every population at zero
        return
    assert sum(line.amount for line in lines) == total
    assert sum(line.own_share for line in lines) == total
    for line in lines:
        assert line.amount == line.own_share - line.paid_by_payer + line.paid_for_others
        assert line.amount >= 0 and line.amount == line.amount.quantize(CENT)
    assert [line.key for line in lines[: len(members)]] == [m.key for m in members]
    assert apply_scale(total, scale, members) == lines  # the same input, the same lines


@st.composite
def bounded(draw):
    pops = draw(populations)
    count = len(pops)
    floor = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10_000)))
    ceiling = draw(st.one_of(st.none(), st.integers(min_value=floor or 0, max_value=10**6)))
    low = (floor or 0) * count
    high = 10**8 if ceiling is None else ceiling * count
    assume(low <= high)
    total = draw(st.integers(min_value=low, max_value=high))
    return pops, floor, ceiling, total


@FAST
@given(bounded())
def test_floors_and_ceilings_are_respected_and_the_sum_stays_exact(case):
    pops, floor, ceiling, total = case
    scale = Scale(
        parts=(Part(D(1), "population_municipale"),),
        floor=None if floor is None else D(floor),
        ceiling=None if ceiling is None else D(ceiling),
    )
    members = members_of(pops)
    assume(any(pops))  # else refused: every weight is zero (see test_scales_refusals)
    try:
        lines = apply_scale(D(total), scale, members)
    except ValueError as refusal:
        # a member with no population cannot be raised above the floor by proportion
        assert "plafonds" in str(refusal) and 0 in pops
        return
    assert sum(line.amount for line in lines) == total
    for line in lines:
        assert floor is None or line.amount >= floor
        assert ceiling is None or line.amount <= ceiling
        assert not line.floored or line.amount == floor
        assert not line.capped or line.amount == ceiling
    ordered = sorted(lines, key=lambda line: line.computed)
    for smaller, bigger in zip(ordered, ordered[1:], strict=False):
        if bigger.computed > smaller.computed:  # a bigger share never pays less
            assert bigger.amount >= smaller.amount


@FAST
@given(
    cents,
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
    st.integers(min_value=0, max_value=10**5),
)
def test_bounded_allocation_keeps_each_share_between_floor_and_ceiling(total, weights, floor):
    weights_map = {n: w for n, w in enumerate(weights)}
    ceiling = floor + total // len(weights) + 1
    # a zero weight stays at the floor: the others can reach at most their ceiling
    total = min(total, sum(ceiling if w else floor for w in weights))
    assume(floor * len(weights) <= total)
    assume(any(weights) or floor * len(weights) == total)
    amount = D(total).scaleb(-2)
    shares = allocate_bounded(
        amount, weights_map, floor=D(floor).scaleb(-2), ceiling=D(ceiling).scaleb(-2)
    )
    assert sum(shares.values()) == amount
    assert all(D(floor).scaleb(-2) <= s <= D(ceiling).scaleb(-2) for s in shares.values())


@settings(max_examples=100, deadline=None)
@given(st.lists(scales(), min_size=1, max_size=5), populations)
def test_a_comparisons_shares_sum_to_100_and_differences_start_at_zero(scale_list, pops):
    members = members_of([pop + 1 for pop in pops])
    results = {}
    for n, scale in enumerate(scale_list):
        total = D(10_000) + scale.fixed_amount * len(members)
        results[f"Scénario {n + 1}"] = apply_scale(total, scale, members)
    rows = compare(results)
    first = next(iter(results))
    for label, lines in results.items():
        assert sum(row.shares[label] for row in rows) == 100
        assert sum(row.amounts[label] for row in rows) == sum(line.amount for line in lines)
    assert all(row.differences[first] == 0 for row in rows)
