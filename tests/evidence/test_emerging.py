import datetime as dt

import numpy as np
import pytest

from saferplaces.evidence.emerging import classify_cube, emerging_hotspots, recent_count
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import events_from_arrays


def cube(periods, *rows):
    """Cells x periods of booleans from lists of significant period numbers."""
    out = np.zeros((len(rows), periods), dtype=bool)
    for i, marked in enumerate(rows):
        out[i, list(marked)] = True
    return out


def test_each_class_on_a_hand_made_cube_of_ten_periods():
    # Ten periods: the last floor(0.2 x 10) = 2 are recent, the first 8 earlier.
    hot = cube(10,
               range(8),        # 8/10 >= 0.8: persistent
               [9],             # recent 1/2 >= 0.1, earlier 0/8 < 0.1: emerging
               [0, 1],          # earlier 2/8 >= 0.1, recent 0/2: former
               [3, 9],          # earlier 1/8 and recent 1/2 both >= 0.1, overall 0.2: intermittent
               range(7),        # 7/10 < 0.8, earlier only: former
               [2, 3, 4, 5, 6, 7, 8],  # 7/10, earlier and recent: intermittent
               [],              # nothing: no pattern
               [0, 1],          # former hot ...
               [])
    # ... and emerging cold: mixed; last: persistent cold
    cold = cube(10, [], [], [], [], [], [], [], [9], range(2, 10))
    assert classify_cube(hot, cold) == (
        "persistent hot spot", "emerging hot spot", "former hot spot", "intermittent hot spot",
        "former hot spot", "intermittent hot spot", "no pattern", "mixed hot and cold spot",
        "persistent cold spot")


def test_boundaries_of_the_shares_are_inclusive_as_published():
    # Twelve periods: 2 recent, 10 earlier. One earlier period is exactly 0.1 of the earlier ones.
    hot = cube(12, [0, 11], [11], [0])
    assert classify_cube(hot, np.zeros_like(hot)) == ("intermittent hot spot", "emerging hot spot", "former hot spot")


def test_emerging_follows_the_documented_rule_not_the_recent_prop_in_sfhotspot_code():
    # Fifty periods: 10 recent. Significant only in the last: recent share 0.1 >= hotspot_prop (0.1)
    # and earlier share 0: emerging by the documented rule (sfhotspot 0.8's code compares the
    # recent share with recent_prop, 0.2, and would say "no pattern").
    hot = cube(50, [49])
    assert classify_cube(hot, np.zeros_like(hot)) == ("emerging hot spot",)


def test_new_hot_spots_are_optional():
    hot = cube(10, [9], [8, 9])
    cold = cube(10, [], [])
    assert classify_cube(hot, cold) == ("emerging hot spot", "emerging hot spot")
    assert classify_cube(hot, cold, new=True) == ("new hot spot", "emerging hot spot")
    assert classify_cube(cold, hot, new=True) == ("new cold spot", "emerging cold spot")


def test_recent_periods():
    assert recent_count(10, 0.2) == 2
    assert recent_count(12, 0.2) == 2
    assert recent_count(4, 0.2) == 1  # floor(0.8) = 0: the last period alone
    with pytest.raises(EvidenceError, match="at least one recent and one earlier"):
        recent_count(1, 0.2)
    with pytest.raises(EvidenceError, match="no earlier periods"):
        recent_count(4, 1.0)
    with pytest.raises(EvidenceError, match="same period"):
        classify_cube(cube(4, [1]), cube(4, [1]))


def test_monthly_cube_from_events_finds_a_cluster_that_appears_at_the_end():
    rng = np.random.default_rng(0)
    ids, dates, xs, ys = [], [], [], []
    for month in range(1, 13):
        if month == 5:
            continue  # a month with no events at all still counts as a period
        n = 150
        xs += list(rng.uniform(500_000, 501_000, n))
        ys += list(rng.uniform(200_000, 201_000, n))
        dates += [dt.date(2017, month, 1 + d) for d in rng.integers(0, 28, n)]
        if month >= 11:  # a new cluster in cell (row 4, col 4) in the last two months
            xs += [500_450] * 30
            ys += [200_450] * 30
            dates += [dt.date(2017, month, 10)] * 30
    ids = [str(i) for i in range(len(xs))]
    result = emerging_hotspots(events_from_arrays(ids, dates, xs, ys), 100)
    assert result.periods[0] == "2017-01" and result.periods[-1] == "2017-12" and len(result.periods) == 12
    assert result.counts[4].sum() == 0 and result.recent_periods == 2
    grid = result.gridded.grid
    target = int(np.flatnonzero((grid.row == 4) & (grid.col == 4))[0])
    assert result.classes[target] == "emerging hot spot"
    assert result.counts[10:, target].min() >= 30
