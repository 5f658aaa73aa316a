"""Counting actions in priority areas and elsewhere, by quarter: known answers by hand."""

import datetime as dt

from saferplaces.places.report import LocatedAction, by_quarter, counts_between, quarters_ending
from saferplaces.plans.quarters import Quarter

D = dt.date


def test_counts_split_areas_elsewhere_and_no_location():
    actions = [LocatedAction(D(2018, 1, 5), "Church Street", True), LocatedAction(D(2018, 2, 1), "Church Street", True),
               LocatedAction(D(2018, 3, 31), "West End", True), LocatedAction(D(2018, 1, 1), None, True),
               LocatedAction(D(2018, 2, 2), None, False), LocatedAction(D(2018, 4, 1), "West End", True)]
    counts = counts_between(actions, D(2018, 1, 1), D(2018, 3, 31), ["Church Street", "Queen's Park", "West End"])
    assert counts.in_areas == 3
    assert counts.by_area == (("Church Street", 2), ("Queen's Park", 0), ("West End", 1))
    assert (counts.elsewhere, counts.no_location, counts.total) == (1, 1, 5)
    assert counts.share == 3 / 4  # of the four actions with a location


def test_share_is_none_without_located_actions():
    counts = counts_between([LocatedAction(D(2018, 1, 5), None, False)], D(2018, 1, 1), D(2018, 3, 31), [])
    assert counts.share is None and counts.no_location == 1


def test_by_quarter_keeps_the_same_columns_every_quarter():
    actions = [LocatedAction(D(2017, 12, 31), "Retired area", True), LocatedAction(D(2018, 1, 1), "A", True)]
    quarters = quarters_ending(Quarter(2018, 1), 2)
    assert [str(q) for q in quarters] == ["2017/18 Q3", "2017/18 Q4"]  # financial quarters by default
    first, second = by_quarter(actions, quarters, ["A"])
    assert first.label == "2017/18 Q3" and first.by_area == (("A", 0), ("Retired area", 1))
    assert second.by_area == (("A", 1), ("Retired area", 0))
