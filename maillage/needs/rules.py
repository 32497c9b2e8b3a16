"""Pure computations on needs: the aggregated view by theme or by group (no ORM, no request).

An organisation is counted once per theme (or group) however many needs or « nous aussi »
it has there; its inhabitants are its *population municipale* (the stated figure, INSEE),
counted once too; an organisation without a stated population is listed apart so that the
total never silently lacks it. The current cost is the sum of the costs stated, on the need
by its organisation and on each « nous aussi » by the supporting organisation; costs that
were not stated are counted apart as well. Money is `Decimal`, never float.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# The themes a space starts with until its agents change the list *(choix)*.
DEFAULT_THEMES = (
    "Numérique et informatique",
    "Voirie, réseaux et espaces verts",
    "Bâtiments et énergie",
    "Commande publique et achats",
    "Ressources humaines et remplacements",
    "Urbanisme et instruction",
    "Enfance, jeunesse et écoles",
    "Matériel et équipements",
    "Juridique, assurances et RGPD",
    "Autre",
)


@dataclass(frozen=True)
class Contribution:
    """One organisation concerned by one need: its author or one « nous aussi »."""

    key: str  # the theme, or the group's title
    need_id: int
    organisation_id: int
    organisation_name: str
    population: int | None
    cost: Decimal | None


@dataclass
class Aggregate:
    key: str
    need_ids: set[int] = field(default_factory=set)
    organisations: dict[int, str] = field(default_factory=dict)
    populations: dict[int, int] = field(default_factory=dict)
    without_population: set[int] = field(default_factory=set)
    total_cost: Decimal = Decimal("0.00")
    costs_stated: int = 0
    costs_missing: int = 0

    @property
    def need_count(self) -> int:
        return len(self.need_ids)

    @property
    def organisation_count(self) -> int:
        return len(self.organisations)

    @property
    def inhabitants(self) -> int:
        return sum(self.populations.values())

    @property
    def organisation_names(self) -> list[str]:
        return sorted(self.organisations.values(), key=str.casefold)

    @property
    def names_without_population(self) -> list[str]:
        return sorted((self.organisations[i] for i in self.without_population), key=str.casefold)


def aggregate(contributions: Iterable[Contribution]) -> list[Aggregate]:
    """Group the contributions by key; sorted by organisations (most first), then
    inhabitants, then key."""
    result: dict[str, Aggregate] = {}
    for c in contributions:
        if c.cost is not None and c.cost < 0:
            raise ValueError(f"Coût négatif pour {c.organisation_name}.")
        row = result.setdefault(c.key, Aggregate(c.key))
        row.need_ids.add(c.need_id)
        row.organisations[c.organisation_id] = c.organisation_name
        if c.population is None:
            row.without_population.add(c.organisation_id)
        else:
            row.populations[c.organisation_id] = c.population
        if c.cost is None:
            row.costs_missing += 1
        else:
            row.total_cost += c.cost
            row.costs_stated += 1
    for row in result.values():
        # An organisation with a population in one row of the key is not "without" it.
        row.without_population -= row.populations.keys()
    return sorted(
        result.values(), key=lambda r: (-r.organisation_count, -r.inhabitants, r.key.casefold())
    )


def totals(rows: Iterable[Aggregate]) -> Aggregate:
    """The whole: each organisation counted once across every key."""
    whole = Aggregate("Total")
    for row in rows:
        whole.need_ids |= row.need_ids
        whole.organisations.update(row.organisations)
        whole.populations.update(row.populations)
        whole.without_population |= row.without_population
        whole.total_cost += row.total_cost
        whole.costs_stated += row.costs_stated
        whole.costs_missing += row.costs_missing
    whole.without_population -= whole.populations.keys()
    return whole


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: str  # of the widest bar, for the SVG width
    y: int


def bars(rows: Iterable[Aggregate], *, row_height: int = 46) -> list[Bar]:
    """Bars of the chart: organisations concerned per key, scaled to the largest."""
    rows = list(rows)
    largest = max((r.organisation_count for r in rows), default=0)
    return [
        Bar(
            label=r.key,
            value=r.organisation_count,
            percent=f"{100 * r.organisation_count / largest:.1f}" if largest else "0",
            y=i * row_height,
        )
        for i, r in enumerate(rows)
    ]
