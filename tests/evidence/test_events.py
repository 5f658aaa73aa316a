import datetime as dt

import numpy as np
import pytest

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import events_from_arrays, load_events


def write(tmp_path, text, name="events.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_metres_and_days(tmp_path):
    path = write(tmp_path, "id,date,x,y,crime_type\n"
                           "a,2017-01-02,529000,181000,Burglary\nb,2017-01-05,529100.5,181000,\n")
    events = load_events(path)
    assert list(events.ids) == ["a", "b"]
    assert events.resolution == "day"
    assert events.day[1] - events.day[0] == 3
    assert events.dates()[0] == dt.date(2017, 1, 2)
    assert events.x.tolist() == [529000.0, 529100.5]
    assert events.crime_type.tolist() == ["Burglary", ""]


def test_times_and_months_set_the_resolution(tmp_path):
    timed = load_events(write(tmp_path, "ID,Date,X,Y\na,2017-01-02 13:45,1,1\nb,2017-01-02,2,2\n", "t.csv"))
    assert timed.resolution == "day"  # the coarsest present
    assert timed.minute[0] - timed.day[0] * 1440 == 13 * 60 + 45
    assert load_events(write(tmp_path, "id,date,x,y\na,2017-01-02T01:02:03,1,1\n", "d.csv")).resolution == "datetime"
    assert load_events(write(tmp_path, "id,date,x,y\na,2017-01,1,1\nb,2017-02-03,1,1\n", "m.csv")).resolution == "month"


def test_longitude_latitude_become_national_grid(tmp_path):
    events = load_events(write(tmp_path, "id,date,longitude,latitude\na,2017-01-02,-0.1276,51.5072\n"))
    assert 529_000 < events.x[0] < 531_000 and 179_000 < events.y[0] < 181_000


def test_every_invalid_row_is_reported_and_nothing_is_returned(tmp_path):
    path = write(tmp_path, "id,date,x,y\n"
                           "a,2017-01-02,1,1\n"
                           ",2017-01-02,1,1\n"
                           "b,02/01/2017,1,1\n"
                           "c,2017-01-02,,1\n"
                           "a,2017-01-03,1,1\n"
                           "d,2017-01-02,one,1\n")
    with pytest.raises(EvidenceError) as caught:
        load_events(path)
    message = str(caught.value)
    assert "5 invalid row(s)" in message
    for expected in ("line 3: blank id", "line 4: date '02/01/2017'", "line 5: blank x or y",
                     "line 6: id 'a' already used on line 2", "line 7: x 'one' is not a number"):
        assert expected in message
    kept = load_events(path, allow_rejects=True)
    assert list(kept.ids) == ["a"]
    assert [r.line for r in kept.rejected] == [3, 4, 5, 6, 7]


def test_a_clean_file_reads_as_the_row_by_row_check_reads_it(tmp_path):
    """Clean files are read a column at a time; one bad row sends the file through the row-by-row
    check: the valid rows must come out the same either way."""
    rows = ("id,date,x,y,crime_type,force\n"
            " a ,2017-01-02,529000, 181000.25 , Burglary ,Met\n"
            "b,2017-01-02 13:45,529100.5,1e5,,City\n"
            "c,2017-01-05T01:02:03+01:00,-1,0,Robbery,Met\n"
            "d,2017-02,7,8,Robbery,\n")
    clean = load_events(write(tmp_path, rows, "clean.csv"))
    checked = load_events(write(tmp_path, rows + "e,2017-02-30,1,1,,\n", "checked.csv"), allow_rejects=True)
    assert [r.line for r in checked.rejected] == [6] and clean.rejected == ()
    assert clean.resolution == checked.resolution == "month"
    for name in ("ids", "day", "minute", "x", "y", "crime_type", "force"):
        assert getattr(clean, name).tolist() == getattr(checked, name).tolist(), name
        assert getattr(clean, name).dtype == getattr(checked, name).dtype, name
    assert clean.ids.tolist() == ["a", "b", "c", "d"]
    assert clean.minute[2] - clean.day[2] * 1440 == 62  # the offset dropped, the reading kept
    assert clean.force.tolist() == ["Met", "City", "Met", ""]


@pytest.mark.parametrize("row", ["", ",,,", "a,2017-01-03,1,1", "e,2017-01-03,nan,1", "e,2017-01-03,1",
                                 "e,2017-1-3,1,1", "e,2017-01-03, ,1", " ,2017-01-03,1,1"])
def test_any_bad_row_is_found_by_the_row_by_row_check(tmp_path, row):
    """A blank row is skipped; every other row here is refused with its line (4), as row by row."""
    path = write(tmp_path, f"id,date,x,y\na,2017-01-02,1,1\nb,2017-01-02,2,2\n{row}\nc,2017-01-04,3,3\n")
    if row.strip(", "):
        with pytest.raises(EvidenceError, match="1 invalid row.*\n  line 4: "):
            load_events(path)
    else:
        assert load_events(path).ids.tolist() == ["a", "b", "c"]


def test_missing_columns_are_named(tmp_path):
    with pytest.raises(EvidenceError, match="missing column.*date.*longitude and latitude"):
        load_events(write(tmp_path, "id,when,east\na,2017-01-01,1\n"))


def test_out_of_range_longitude_is_rejected(tmp_path):
    with pytest.raises(EvidenceError, match="out of range"):
        load_events(write(tmp_path, "id,date,longitude,latitude\na,2017-01-02,200,51\n"))


def test_in_memory_events_and_subsets():
    events = events_from_arrays(["a", "b", "c"], [dt.date(2020, 1, 1)] * 3, [0, 1, 2], [0, 0, 0])
    part = events.subset(np.array([True, False, True]))
    assert list(part.ids) == ["a", "c"] and part.resolution == "day" and len(part) == 2
