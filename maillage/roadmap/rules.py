"""Pure computations of the steering: progress roll-ups of the projet de territoire and the
differences between two versions of the roadmap. Plain values in, plain values out.

Roll-up (*choix*, documented in docs/pilotage-feuille-de-route.md):
- an action's progress is the mean of its projects' progress;
- an objective's is the mean of its actions', an axis's the mean of its objectives', the
  whole projet's the mean of its axes' — each level weighs its children equally, whatever
  the number of projects below them, because the élus set the axes as equals;
- what nothing carries yet counts for 0 %: an action without project, an objective without
  action, an axis without objective. An unfinished tree must not look more advanced than it
  is, and the page says "non encore porté" next to it;
- means are exact fractions, rounded (half up) to a whole percentage only for display, so
  that rounding never accumulates from level to level.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# --- Roll-ups ------------------------------------------------------------------------------------


def mean(values: Iterable) -> Fraction:
    """The exact mean of percentages; an empty list (nothing carries it) is 0."""
    values = [Fraction(v) for v in values]
    if not values:
        return Fraction(0)
    return sum(values, Fraction(0)) / len(values)


def percent(value: Fraction) -> int:
    """A progress as a whole percentage, rounded half up, bounded to 0–100."""
    rounded = int(
        (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    return max(0, min(100, rounded))


@dataclass
class Node:
    """One element of the tree with its computed progress (an exact fraction) and whether
    anything carries it."""

    key: object
    progress: Fraction = Fraction(0)
    carried: bool = False
    children: list["Node"] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return percent(self.progress)


def rollup_action(project_progress: Sequence[int]) -> Node:
    return Node(key=None, progress=mean(project_progress), carried=bool(project_progress))


def rollup(children: Sequence[Node], key=None) -> Node:
    """A parent's node from its children's: the mean of their progress; carried when at
    least one child is."""
    return Node(
        key=key,
        progress=mean(child.progress for child in children),
        carried=any(child.carried for child in children),
        children=list(children),
    )


def rollup_tree(
    tree: Sequence[tuple[object, Sequence[tuple[object, Sequence[tuple[object, Sequence[int]]]]]]],
) -> Node:
    """`tree` is [(axis_key, [(objective_key, [(action_key, [project %…])…])…])…]; the
    result is the root node (the whole projet) with every level computed."""
    axes = []
    for axis_key, objectives in tree:
        objective_nodes = []
        for objective_key, actions in objectives:
            action_nodes = []
            for action_key, progress in actions:
                node = rollup_action(progress)
                node.key = action_key
                action_nodes.append(node)
            objective_nodes.append(rollup(action_nodes, objective_key))
        axes.append(rollup(objective_nodes, axis_key))
    return rollup(axes)


# --- Version differences -------------------------------------------------------------------------

# The compared fields of a roadmap item, in the order a reader expects them, with their label.
ITEM_FIELDS = {
    "title": "Intitulé",
    "description": "Description",
    "priority": "Priorité",
    "year_from": "Année de début",
    "year_to": "Année de fin",
    "budget": "Moyens financiers (€)",
    "fte": "Moyens humains (ETP)",
    "status": "État",
    "needs": "Besoins",
    "projects": "Projets",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class ItemChange:
    key: object
    title: str
    changes: list[FieldChange]


@dataclass
class Diff:
    added: list[Mapping] = field(default_factory=list)
    removed: list[Mapping] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def _comparable(name: str, value):
    """Money and FTE compare as decimals ("10.0" equals "10.00"); linked needs or projects
    as sets of ids (their order, or a later renaming, is no change)."""
    if name in ("budget", "fte"):
        return Decimal(str(value or 0))
    if isinstance(value, list):
        return sorted(str(v.get("id")) if isinstance(v, Mapping) else str(v) for v in value)
    return value


def diff_items(old: Sequence[Mapping], new: Sequence[Mapping]) -> Diff:
    """What changed from `old` to `new`, two lists of items as plain dicts with an `id` key
    and the keys of ITEM_FIELDS: items added, removed, and changed field by field. Items are
    matched by `id` (an item keeps its id from version to version); order does not count."""
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    diff = Diff()
    for item in new:
        if item["id"] not in before:
            diff.added.append(item)
    for item in old:
        if item["id"] not in after:
            diff.removed.append(item)
    for item in new:
        previous = before.get(item["id"])
        if previous is None:
            continue
        changes = [
            FieldChange(name, label, previous.get(name), item.get(name))
            for name, label in ITEM_FIELDS.items()
            if _comparable(name, previous.get(name)) != _comparable(name, item.get(name))
        ]
        if changes:
            diff.changed.append(ItemChange(item["id"], item.get("title", ""), changes))
    return diff


# --- Experiments ---------------------------------------------------------------------------------


def decision_date_error(decided_on, start_date, today) -> str:
    """Why a decision date is refused ("" when it is accepted): an experiment is decided
    once started, and not in the future."""
    if decided_on < start_date:
        return (
            f"La décision ne peut pas précéder le début de l'expérimentation "
            f"({start_date:%d/%m/%Y})."
        )
    if decided_on > today:
        return "La date de la décision ne peut pas être dans le futur."
    return ""
