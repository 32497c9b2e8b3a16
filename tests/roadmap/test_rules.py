"""The pure rules of the steering: progress roll-ups, version differences, decision dates."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.roadmap import rules

# --- Roll-ups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "projects, expected, carried",
    [
        ([], 0, False),  # nothing carries the action: 0 %
        ([100], 100, True),
        ([0, 100], 50, True),
        ([10, 25, 50], 28, True),  # 28.33…
        ([25, 50], 38, True),  # 37.5 rounds half up
        ([33, 33, 34], 33, True),
    ],
)
def test_an_action_is_the_mean_of_its_projects(projects, expected, carried):
    node = rules.rollup_action(projects)
    assert (node.percent, node.carried) == (expected, carried)


def test_each_level_weighs_its_children_equally_and_rounds_only_at_the_end():
    # Axis 1: objective A (actions 100 and 0 → 50), objective B (one action at 1/3 exact).
    # Axis 2: nothing written below it → 0.
    root = rules.rollup_tree(
        [
            ("axe 1", [("A", [("a1", [100]), ("a2", [0])]), ("B", [("b1", [0, 0, 100])])]),
            ("axe 2", []),
        ]
    )
    axis_1, axis_2 = root.children
    objective_a, objective_b = axis_1.children
    assert objective_a.percent == 50
    assert objective_b.progress == Fraction(100, 3)
    assert axis_1.progress == (50 + Fraction(100, 3)) / 2  # 41.66…, not (50 + 33) / 2
    assert axis_1.percent == 42
    assert (axis_2.percent, axis_2.carried) == (0, False)
    assert root.percent == 21  # 20.83…


def test_an_action_without_project_pulls_its_objective_down():
    root = rules.rollup_tree([("axe", [("obj", [("porté", [100]), ("non porté", [])])])])
    assert root.children[0].children[0].percent == 50
    assert root.children[0].children[0].carried is True


@pytest.mark.parametrize(
    "value, expected",
    [(Fraction(1, 2), 1), (Fraction(49, 2), 25), (Fraction(0), 0), (Fraction(201, 2), 100)],
)
def test_a_progress_rounds_half_up_and_stays_within_0_and_100(value, expected):
    assert rules.percent(value) == expected


percentages = st.integers(min_value=0, max_value=100)


@given(st.lists(percentages, min_size=1, max_size=30))
def test_a_mean_lies_between_the_smallest_and_the_largest_progress(values):
    node = rules.rollup_action(values)
    assert min(values) <= node.progress <= max(values)
    assert min(values) <= node.percent <= max(values)


@given(st.lists(st.lists(st.lists(st.integers(0, 3), max_size=4), max_size=4), max_size=4))
def test_a_tree_where_every_project_is_done_is_done_exactly_where_something_carries_it(
    shape,
):
    tree = [
        (i, [(j, [(k, [100] * projects) for k, projects in enumerate(actions)])
             for j, actions in enumerate(objectives)])
        for i, objectives in enumerate(shape)
    ]  # fmt: skip
    root = rules.rollup_tree(tree)
    for axis in root.children:
        for objective in axis.children:
            for action in objective.children:
                assert action.percent == (100 if action.carried else 0)
    assert 0 <= root.percent <= 100


# --- Differences ---------------------------------------------------------------------------------


def item(id, **fields):
    base = {
        "id": id,
        "title": f"Élément {id}",
        "description": "",
        "priority": 2,
        "year_from": 2026,
        "year_to": 2027,
        "budget": "1000.00",
        "fte": "0.50",
        "status": "prevu",
        "needs": [],
        "projects": [],
    }
    return base | fields


def test_the_difference_lists_items_added_removed_and_changed_field_by_field():
    old = [item(1), item(2), item(3)]
    new = [item(1), item(3, year_to=2029, budget="1500"), item(4)]
    diff = rules.diff_items(old, new)
    assert [i["id"] for i in diff.added] == [4]
    assert [i["id"] for i in diff.removed] == [2]
    ((change),) = diff.changed
    assert change.key == 3
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Année de fin", 2027, 2029),
        ("Moyens financiers (€)", "1000.00", "1500"),
    ]
    assert diff.count == 3


@pytest.mark.parametrize(
    "before, after, changed",
    [
        ({"budget": "10"}, {"budget": "10.00"}, False),  # the same amount written differently
        ({"fte": "0.5"}, {"fte": "0.50"}, False),
        ({"needs": [{"id": 1, "title": "A"}, {"id": 2, "title": "B"}]},
         {"needs": [{"id": 2, "title": "B"}, {"id": 1, "title": "A (renommé)"}]}, False),
        ({"projects": [{"id": 1, "title": "P"}]}, {"projects": []}, True),
        ({"status": "prevu"}, {"status": "realise"}, True),
        ({"description": "a"}, {"description": "b"}, True),
    ],
)  # fmt: skip
def test_what_counts_as_a_change(before, after, changed):
    diff = rules.diff_items([item(1, **before)], [item(1, **after)])
    assert (not diff.is_empty) == changed


snapshots = st.lists(
    st.builds(
        lambda id, year, budget, status: item(id, year_from=year, year_to=year + 1,
                                              budget=str(budget), status=status),
        st.integers(1, 20), st.integers(2000, 2090), st.integers(0, 10**6),
        st.sampled_from(["prevu", "en_cours", "realise"]),
    ),
    max_size=12, unique_by=lambda i: i["id"],
)  # fmt: skip


@given(snapshots)
def test_a_version_compared_with_itself_has_no_difference(items):
    assert rules.diff_items(items, items).is_empty


@given(snapshots, snapshots)
def test_added_and_removed_are_the_items_present_on_one_side_only(old, new):
    diff = rules.diff_items(old, new)
    old_ids, new_ids = {i["id"] for i in old}, {i["id"] for i in new}
    assert {i["id"] for i in diff.added} == new_ids - old_ids
    assert {i["id"] for i in diff.removed} == old_ids - new_ids
    assert {c.key for c in diff.changed} <= old_ids & new_ids
    reverse = rules.diff_items(new, old)
    assert len(reverse.changed) == len(diff.changed)


# --- Decisions -----------------------------------------------------------------------------------

START = datetime.date(2026, 1, 10)
TODAY = datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    "decided_on, refused",
    [
        (datetime.date(2026, 1, 9), "précéder le début"),
        (START, ""),
        (TODAY, ""),
        (datetime.date(2026, 9, 2), "dans le futur"),
    ],
)
def test_a_decision_is_dated_between_the_start_and_today(decided_on, refused):
    error = rules.decision_date_error(decided_on, START, TODAY)
    assert (refused in error) if refused else error == ""
