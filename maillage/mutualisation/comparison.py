"""Reading several computed scenarios of a service and a year side by side, per member, from
their stored lines: only the members of the page shown are read, and the summary (who pays
less, the same, more, and by how much in all) is computed by the database. So the page costs
the same number of queries, and about the same time, for 10 members or 1,000.

A member absent from a scenario pays 0,00 € in it and has a share of 0,00 % *(choix, as
`scales.compare`)*; differences are to the first scenario (the chosen one, else the oldest)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import Scenario, ScenarioLine

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class Outcome:
    """One scenario compared to the first: how many members pay less, the same, more, and the
    sums of those decreases (negative) and increases (positive)."""

    scenario: Scenario
    label: str
    less: int = 0
    same: int = 0
    more: int = 0
    decrease: Decimal = ZERO
    increase: Decimal = ZERO


@dataclass
class Cell:
    amount: Decimal
    share: Decimal
    difference: Decimal
    verdict: str  # "" for the first scenario, else "gagne", "perd" or "égal"


@dataclass
class Row:
    organisation_id: int
    name: str
    cells: list[Cell] = field(default_factory=list)


def comparable_scenarios(space, service, year: int) -> list[Scenario]:
    """The computed, not archived scenarios of a service and a year: the chosen one first, then
    by date of creation."""
    return list(
        Scenario.objects.active()
        .filter(space=space, service=service, year=year, computed_at__isnull=False)
        .select_related("scale")
        .order_by("-chosen", "created_at", "pk")
    )


def labels_of(scenarios: list[Scenario]) -> dict[int, str]:
    """A distinct label per scenario: its name, with its number when two share a name."""
    labels, seen = {}, set()
    for scenario in scenarios:
        name = scenario.name
        labels[scenario.pk] = name if name not in seen else f"{name} (n° {scenario.pk})"
        seen.add(name)
    return labels


def _lines(scenarios):
    # order_by() drops the model's ordering, which would join the scenarios and services.
    return ScenarioLine.objects.filter(scenario__in=[s.pk for s in scenarios]).order_by()


def members(scenarios):
    """The members of the scenarios, once each, by name: a query of (organisation_id, name)
    to paginate (the paginator counts and slices it in the database)."""
    return (
        _lines(scenarios)
        .values("organisation_id")
        .annotate(member_name=Min("name"))
        .order_by("member_name", "organisation_id")
        .values_list("organisation_id", "member_name")
    )


def _verdict(difference: Decimal) -> str:
    if difference < 0:
        return "gagne"
    if difference > 0:
        return "perd"
    return "égal"


def rows(scenarios, page_members, *, whole: bool = False) -> list[Row]:
    """The rows of the members of one page (a sequence of (organisation_id, name)): their
    amount, share and difference in each scenario. One query (of the page's members only,
    unless `whole`)."""
    lines = _lines(scenarios)
    if not whole:
        lines = lines.filter(organisation_id__in=[pk for pk, _ in page_members])
    found = {}
    for scenario_id, organisation_id, amount, share in lines.values_list(
        "scenario_id", "organisation_id", "amount", "share"
    ):
        found[scenario_id, organisation_id] = (amount, share)
    result = []
    for organisation_id, name in page_members:
        row = Row(organisation_id=organisation_id, name=name)
        first = None
        for index, scenario in enumerate(scenarios):
            amount, share = found.get((scenario.pk, organisation_id), (ZERO, ZERO))
            if first is None:
                first = amount
            difference = amount - first
            row.cells.append(
                Cell(
                    amount=amount,
                    share=share,
                    difference=difference,
                    verdict=_verdict(difference) if index else "",
                )
            )
        result.append(row)
    return result


def outcomes(scenarios, labels: dict[int, str], count: int) -> list[Outcome]:
    """Each scenario after the first compared to it over all members, in one query (the
    database groups the lines per member, then counts and sums the differences); `count` is
    the number of members. The first scenario's outcome is all "same"."""
    first = scenarios[0]
    result = [Outcome(scenario=first, label=labels[first.pk], same=count)]
    if len(scenarios) < 2:
        return result
    zero = Value(ZERO, output_field=DecimalField(max_digits=14, decimal_places=2))
    per_member = (
        _lines(scenarios)
        .values("organisation_id")
        .annotate(
            **{
                f"a{s.pk}": Coalesce(Sum("amount", filter=Q(scenario_id=s.pk)), zero)
                for s in scenarios
            }
        )
        .annotate(**{f"d{s.pk}": F(f"a{s.pk}") - F(f"a{first.pk}") for s in scenarios[1:]})
    )
    aggregates = {}
    for s in scenarios[1:]:
        difference = f"d{s.pk}"
        aggregates[f"less{s.pk}"] = Count("organisation_id", filter=Q(**{f"{difference}__lt": 0}))
        aggregates[f"more{s.pk}"] = Count("organisation_id", filter=Q(**{f"{difference}__gt": 0}))
        aggregates[f"down{s.pk}"] = Sum(difference, filter=Q(**{f"{difference}__lt": 0}))
        aggregates[f"up{s.pk}"] = Sum(difference, filter=Q(**{f"{difference}__gt": 0}))
    figures = per_member.aggregate(**aggregates)
    for s in scenarios[1:]:
        less, more = figures[f"less{s.pk}"] or 0, figures[f"more{s.pk}"] or 0
        result.append(
            Outcome(
                scenario=s,
                label=labels[s.pk],
                less=less,
                more=more,
                same=count - less - more,
                # SQLite sums decimals as floats: back to the cent.
                decrease=Decimal(figures[f"down{s.pk}"] or 0).quantize(CENT),
                increase=Decimal(figures[f"up{s.pk}"] or 0).quantize(CENT),
            )
        )
    return result


def all_rows(scenarios) -> list[Row]:
    """Every member's row (for the CSV download, which is the whole comparison)."""
    return rows(scenarios, list(members(scenarios)), whole=True)
