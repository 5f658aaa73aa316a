"""Small-number suppression: no count under 5 is shown, and none can be worked out from totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from saferplaces.core.suppression import PRIMARY, SECONDARY, Group, percent, suppress


def test_small_counts_are_shown_as_under_five_and_zero_and_large_counts_as_they_are():
    shown = suppress({"a": 0, "b": 3, "c": 5, "d": 12})
    assert shown == {"a": "0", "b": PRIMARY, "c": "5", "d": "12"}


def test_a_single_hidden_cell_hides_the_next_smallest_so_the_total_cannot_give_it_away():
    values = {"a": 3, "b": 10, "c": 12, "total": 25}
    shown = suppress(values, [Group(("a", "b", "c"), "total")])
    assert shown["a"] == PRIMARY and shown["b"] == SECONDARY and shown["c"] == "12" and shown["total"] == "25"


def test_when_nothing_else_can_be_hidden_the_total_is():
    shown = suppress({"a": 2, "b": 0, "total": 2}, [Group(("a", "b"), "total")])
    assert shown["a"] == PRIMARY and shown["total"] == PRIMARY
    shown = suppress({"a": 3, "total": 9, "other": 6}, [Group(("a",), "total")])
    assert shown["total"] == SECONDARY


def test_percentages_of_hidden_counts_are_hidden():
    assert percent(PRIMARY, 3, 20) == SECONDARY
    assert percent("10", 10, 40) == "25%"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6))
def test_no_group_is_left_with_exactly_one_unknown(cells):
    values = {i: v for i, v in enumerate(cells)}
    values["total"] = sum(cells)
    group = Group(tuple(range(len(cells))), "total")
    shown = suppress(values, [group])
    hidden = [i for i in group.cells if shown[i] in (PRIMARY, SECONDARY)]
    assert all(shown[i] == str(v) for i, v in values.items() if not (0 < v < 5) and shown[i] not in (SECONDARY,))
    assert all(shown[i] == PRIMARY for i, v in enumerate(cells) if 0 < v < 5)
    # Either the total is hidden, or no hidden cell can be solved for (two or more unknowns).
    assert shown["total"] in (PRIMARY, SECONDARY) or len(hidden) != 1
