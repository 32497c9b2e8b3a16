"""The allocation part of the bench: a service shared among 1,000 members by a tiered scale with
a fixed part, floors and ceilings and an EPCI paying half for a third of them; then 5 scenarios
compared side by side. Pure computations (maillage/mutualisation/scales.py): no database, no
page, so no rows for the pages' table; median and p95 in ms."""

import math
import random
import statistics
import sys
import time
from decimal import Decimal

MEMBERS = 1_000


def _members():
    from maillage.mutualisation.scales import MemberData

    rng = random.Random(7)
    members = []
    for n in range(MEMBERS):
        # A long tail of small communes and a few towns, like a département's.
        population = int(rng.paretovariate(1.2) * 150)
        members.append(
            MemberData(
                key=n,
                name=f"Commune {n:04d}",
                population_municipale=population,
                population_totale=population + rng.randint(0, population // 20 + 1),
                units=Decimal(rng.randint(0, 40)),
                weight=Decimal(rng.randint(10_000, 5_000_000)) / 100,
                paid_by="epci" if n % 3 == 0 else None,
            )
        )
    return members


def _scales():
    from maillage.mutualisation.scales import Part, Scale, Tier

    tiers = (
        Tier(0, 500, Decimal("1")),
        Tier(500, 2_000, Decimal("1.5")),
        Tier(2_000, 10_000, Decimal("2")),
        Tier(10_000, None, Decimal("3")),
    )
    tiered = Scale(
        parts=(Part(Decimal("0.7"), "tiers"), Part(Decimal("0.3"), "units")),
        tiers=tiers,
        per_inhabitant_in_tier=True,
        fixed_amount=Decimal("50"),
        floor=Decimal("600"),
        ceiling=Decimal("12000"),
        payer_rate=Decimal("0.5"),
    )
    return {
        "Par tranches, plancher et plafond": tiered,
        "À parts égales": Scale(parts=(Part(Decimal(1), "equal"),)),
        "Population municipale": Scale(parts=(Part(Decimal(1), "population_municipale"),)),
        "Unités utilisées, part fixe": Scale(
            parts=(Part(Decimal(1), "units"),), fixed_amount=Decimal("100")
        ),
        "Potentiel fiscal plafonné": Scale(
            parts=(Part(Decimal(1), "weight"),), floor=Decimal("100"), ceiling=Decimal("5000")
        ),
    }


def _timed(function, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, result


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines (no page rows: nothing here is a page)."""
    from maillage.mutualisation.scales import apply_scale, compare

    repeat = max(3, min(repeat, 30))
    print(f"Allocation: scales over {MEMBERS} members…", file=sys.stderr)
    members = _members()
    scales = _scales()
    total = Decimal("1250000.00")
    tiered = next(iter(scales.values()))
    median, p95, lines = _timed(lambda: apply_scale(total, tiered, members), repeat)
    assert sum(line.amount for line in lines) == total
    floored = sum(line.floored for line in lines)
    capped = sum(line.capped for line in lines)

    results = {label: apply_scale(total, scale, members) for label, scale in scales.items()}
    compare_median, compare_p95, rows = _timed(lambda: compare(results), repeat)
    all_median, all_p95, _ = _timed(
        lambda: compare({label: apply_scale(total, s, members) for label, s in scales.items()}),
        max(3, repeat // 3),
    )
    return [
        f"- Allocation of 1 250 000 € among {MEMBERS} members by a tiered scale (per inhabitant, "
        f"4 brackets) + units, fixed part, floor and ceiling ({floored} floored, {capped} capped),"
        f" EPCI paying half for a third: median {median:.0f} ms, p95 {p95:.0f} ms "
        f"over {repeat} runs; exact to the cent",
        f"- Comparison of 5 scenarios side by side over {MEMBERS} members ({len(rows)} rows): "
        f"median {compare_median:.0f} ms, p95 {compare_p95:.0f} ms; the 5 scenarios computed "
        f"and compared: median {all_median:.0f} ms, p95 {all_p95:.0f} ms",
    ], []


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    for line in run(None, 10)[0]:
        print(line)
