"""Every change to the steering of a space: the projet de territoire (`territory`), the
roadmap and its versions (`roadmap`), the experiments and their decisions (`experiments`).

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log ("roadmap.*"), and raises `RoadmapError` with a
French message that a screen shows as it is.
"""

from .common import RoadmapError
from .experiments import archive_experiment, create_experiment, decide, update_experiment
from .roadmap import (
    adopt_version,
    archive_item,
    changes_since_adopted,
    compare_versions,
    create_item,
    propose_version,
    snapshot_items,
    update_item,
    withdraw_version,
)
from .territory import (
    archive_element,
    create_action,
    create_axis,
    create_objective,
    move_element,
    update_action,
    update_axis,
    update_objective,
)

__all__ = [
    "RoadmapError",
    "adopt_version",
    "archive_element",
    "archive_experiment",
    "archive_item",
    "changes_since_adopted",
    "compare_versions",
    "create_action",
    "create_axis",
    "create_experiment",
    "create_item",
    "create_objective",
    "decide",
    "move_element",
    "propose_version",
    "snapshot_items",
    "update_action",
    "update_axis",
    "update_experiment",
    "update_item",
    "update_objective",
    "withdraw_version",
]
