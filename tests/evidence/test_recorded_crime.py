"""The force's recorded-crime counts by LSOA as a count source (annual and monthly MPS tables)."""

import json

import pytest

from saferplaces.evidence import api
from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.poisson import e_test
from saferplaces.evidence.recorded_crime import read_recorded_crime, vli_crime_input

ANNUAL_HEADER = "category_file,LSOA11CD,LSOA11NM,MSOA11CD,MSOA11NM,LAD11CD,LAD11NM,2015,2016\n"


def annual_table(tmp_path):
    """Three LSOAs; the minor-theft-bicycle rows are part of major-theft-all, major-sexual is withheld."""
    rows = {
        ("major-burglary", "A"): (10, 12), ("major-burglary", "B"): (5, 3), ("major-burglary", "C"): (0, 1),
        ("major-theft-all", "A"): (60, 80), ("major-theft-all", "B"): (20, 10), ("major-theft-all", "C"): (5, 4),
        ("major-arson", "A"): (2, 2), ("major-arson", "B"): (3, 6), ("major-arson", "C"): (0, 0),
        ("minor-theft-bicycle", "A"): (30, 40), ("minor-theft-bicycle", "B"): (1, 1),
        ("minor-theft-bicycle", "C"): (0, 0),
        ("major-sexual", "A"): (0, 0), ("major-sexual", "B"): (0, 0), ("major-sexual", "C"): (0, 0),
    }
    lines = [f"{category},E0100000{code == 'A' and 1 or code == 'B' and 2 or 3},Town {code},M,Town M,L,Town,"
             f"{a:.1f},{b:.1f}" for (category, code), (a, b) in rows.items()]
    path = tmp_path / "recorded.csv"
    path.write_text(ANNUAL_HEADER + "\n".join(lines) + "\n")
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM\n"
                      "E01000001,Town A,W1,North,L,Town\nE01000002,Town B,W2,South,L,Town\n"
                      "E01000003,Town C,W2,South,L,Town\nE01000004,Town D,W3,Quiet,L,Town\n")
    return path, lookup


def test_annual_table_totals_leave_out_the_minor_categories_and_compare_with_the_year_before(tmp_path):
    path, _ = annual_table(tmp_path)
    result = api.recorded_crime(path)
    # 2016: A 12+80+2 = 94, B 3+10+6 = 19, C 1+4+0 = 5; bicycle thefts are inside theft-all already.
    assert result.periods == ("2015", "2016") and result.totals == (105, 118)
    assert result.period == "2016" and result.resolution == "year"
    assert [(a.code, a.count) for a in result.areas.areas] == [("E01000001", 94), ("E01000002", 19), ("E01000003", 5)]
    assert result.areas.total == 118 and result.areas.top3_share == 1.0
    assert result.not_summed == ("minor-theft-bicycle",) and result.all_zero == ("major-sexual",)
    assert result.by_category[0] == ("major-theft-all", 94)
    change = result.change
    assert (change.current_period, change.previous_period) == ("2016", "2015")
    assert (change.current, change.previous) == (118, 105)
    assert change.test.p_value == e_test(118, 105).p_value
    assert api.recorded_crime(path, period="2015").change is None  # nothing before 2015 in the table
    with pytest.raises(ParameterError, match="no year 2014 in the recorded crime"):
        api.recorded_crime(path, period="2014")
    with pytest.raises(ParameterError, match="the recorded crime is annual"):
        api.recorded_crime(path, period="2016-03")


def test_annual_table_by_ward_keeps_the_wards_with_no_crime(tmp_path):
    path, lookup = annual_table(tmp_path)
    result = api.recorded_crime(path, by="ward", lookup=lookup, period="2015")
    # 2015: A 72 (North); B 28 + C 5 = 33 (South); Quiet has no LSOA in the table: 0.
    assert [(a.name, a.count) for a in result.areas.areas] == [("North", 72), ("South", 33), ("Quiet", 0)]
    assert result.areas.total == 105 and result.areas.unassigned == 0


def test_monthly_mps_table_with_a_month_column_absent(tmp_path):
    months = [f"2016{m:02d}" for m in range(1, 13) if m != 3] + ["201701", "201702"]
    header = "LSOA Code,LSOA Name,Borough,Major Category,Minor Category," + ",".join(months)
    rows = [("E01000001", "Burglary", "Burglary in a Dwelling", 2),
            ("E01000001", "Burglary", "Burglary in Other Buildings", 1),
            ("E01000002", "Criminal Damage", "Other Criminal Damage", 4),
            ("E01000002", "Theft and Handling", "Other Theft", 10)]
    lines = [f"{code},Town,Town,{major},{minor}," + ",".join([str(n)] * len(months)) for code, major, minor, n in rows]
    path = tmp_path / "monthly.csv"
    path.write_text(header + "\n" + "\n".join(lines) + "\n")
    result = api.recorded_crime(path)
    assert result.resolution == "month" and result.periods[2] == "2016-03" and result.totals[2] is None
    assert result.totals[:2] == (17, 17) and len(result.periods) == 14
    assert result.period == "2016-03 to 2017-02 (no data for 2016-03)"  # the last twelve calendar months
    assert result.areas.total == 11 * 17
    assert result.change is None  # the table does not reach back a whole year before them
    assert result.seasonality.index[2] is None and result.seasonality.degrees_of_freedom == 10
    assert api.recorded_crime(path, period="2016-02").areas.total == 17
    with pytest.raises(ParameterError, match=r"no data for 1 month\(s\) of 2016 \(2016-03\)"):
        api.recorded_crime(path, period="2016")
    counts, note = vli_crime_input(read_recorded_crime(path), "2016-02")
    assert counts == {"E01000001": {"Burglary": 3}, "E01000002": {"Criminal damage and arson": 4}}
    assert "monthly.csv, 2016-02" in note


@pytest.mark.parametrize(("text", "message"), [
    ("LSOA11CD,2016\nE01000001,\n", "line 2: blank 2016 count"),
    ("LSOA11CD,2016\nE01000001,2.5\n", "line 2: 2016 count '2.5' is not a whole number"),
    ("LSOA11CD,2016\nE01000001,-1\n", "line 2: 2016 count '-1' is not a whole number"),
    ("LSOA11CD,2016\nE01000001,x\n", "line 2: 2016 count 'x' is not a number"),
    ("LSOA11CD,2016\nE01000001,1\nE01000001,2\n", "line 3: LSOA E01000001 repeats line 2"),
    ("code,2016\nE01000001,1\n", "no LSOA code column"),
    ("LSOA11CD,2016,201601\nE01000001,1,1\n", "not both"),
    ("LSOA11CD,total\nE01000001,1\n", "not neither"),
    ("LSOA11CD,2016\nE01000001\n", "line 2: 1 fields where the header has 2"),
])
def test_bad_tables_are_refused_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as error:
        read_recorded_crime(path)
    assert str(path) in str(error.value)


def test_recorded_crime_command(tmp_path, capsys):
    path, lookup = annual_table(tmp_path)
    assert main(["recorded-crime", str(path), "--by", "ward", "--lookup", str(lookup), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["areas"]["areas"][0] == {"code": "W1", "name": "North", "count": 94, "share": pytest.approx(94 / 118)}
    assert data["totals"] == [105, 118] and data["change"]["current"] == 118
    assert main(["recorded-crime", str(path)]) == 0
    out = capsys.readouterr().out
    assert "minor-theft-bicycle not summed" in out and "major-sexual: 0 in every LSOA and period" in out
    assert "2016: 118 against 105 in 2015" in out
    assert main(["recorded-crime", str(path), "--period", "2013"]) == 1
    assert "(see --period)" in capsys.readouterr().err
