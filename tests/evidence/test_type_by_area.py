"""Crime type by ward and by LSOA: counts and shares that add up to the area counts."""

import duckdb
import pytest

from saferplaces.evidence.areas import AreaCounts
from saferplaces.evidence.type_by_area import type_by_area

ROWS = [("L1", "Burglary", False)] * 3 + [("L1", "Robbery", False)] + [("L2", "Robbery", False)] * 2 + [
    ("L1", "Anti-social behaviour", True)] * 5 + [(None, "Burglary", False)]


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE crimes (lsoa_code VARCHAR, crime_type VARCHAR, is_asb BOOLEAN)")
    con.executemany("INSERT INTO crimes VALUES (?, ?, ?)", ROWS)
    return con


def test_lsoas_by_type_with_shares_of_each_area(con):
    counts = AreaCounts("lsoa", ("L1", "L2", "L3"), ("One", "Two", "Three"), (4, 2, 0), 1)
    table = type_by_area(con, counts)
    # Whole area: Burglary 3, Robbery 3 (tie, by name); ASB and the crime with no LSOA left out.
    assert table.types == ("Burglary", "Robbery") and table.type_totals == (3, 3)
    one, two, three = table.areas
    assert (one.code, one.total, one.counts, one.shares) == ("L1", 4, (3, 1), (0.75, 0.25))
    assert (two.counts, two.shares) == ((0, 2), (0.0, 1.0))
    assert (three.total, three.shares) == (0, (None, None))  # no crime: no shares, still listed
    assert [a.total for a in table.areas] == [4, 2, 0] == [c for c in counts.counts]


def test_wards_sum_their_lsoas(con):
    counts = AreaCounts("ward", ("W1",), ("Ward",), (6,), 1)
    table = type_by_area(con, counts, {"L1": "W1", "L2": "W1"})
    assert table.areas[0].counts == (3, 3) and table.areas[0].shares == (0.5, 0.5)
