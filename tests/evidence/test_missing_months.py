"""A month without data is unknown, not zero: every analysis of monthly data obeys one definition."""

import calendar
import datetime as dt
import json

import numpy as np
import pytest
from scipy import stats
from shapely.geometry import box

from saferplaces.evidence.before_after import count_before_after
from saferplaces.evidence.coverage import (
    event_months_without_data,
    missing_by_source,
    months_without_data,
)
from saferplaces.evidence.emerging import emerging_hotspots
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import Events, events_from_arrays
from saferplaces.evidence.poisson import e_test
from saferplaces.evidence.report.svg import line_chart
from saferplaces.evidence.serialise import to_json
from saferplaces.evidence.trends import monthly_series, seasonality, year_on_year

MONTHS_2021 = [f"2021-{m:02d}" for m in range(1, 13)]
DAYS_2021 = [calendar.monthrange(2021, m)[1] for m in range(1, 13)]


def month_events(months_and_counts, x=5.0, y=5.0) -> Events:
    """Month-resolution events: ``count`` events on the first of each ``(YYYY-MM, count)``."""
    dates = [dt.date(int(m[:4]), int(m[5:]), 1) for m, n in months_and_counts for _ in range(n)]
    events = events_from_arrays(range(len(dates)), dates, [x] * len(dates), [y] * len(dates))
    return Events(**{**events.__dict__, "resolution": "month"})


def test_a_month_is_missing_for_a_force_only_between_months_it_has():
    rows = [("Met", "2016-01"), ("Met", "2016-02"), ("Met", "2016-04"), ("BTP", "2016-02"), ("BTP", "2016-03")]
    missing = missing_by_source(rows)
    assert missing == {"BTP": (), "Met": ("2016-03",)}
    # BTP has rows in March, but the Met has none: the area's total for March is unknown.
    assert months_without_data(missing, [m for _, m in rows]) == ("2016-03",)
    # A month no source has, between months with rows, is unknown too.
    assert months_without_data({"A": (), "B": ()}, ["2016-01", "2016-03"]) == ("2016-02",)


def test_the_series_holds_none_for_a_month_without_data_and_json_writes_null():
    series = monthly_series(["2016-01", "2016-02", "2016-04"], [5, 0, 7], without_data=["2016-03"])
    assert series.months == ("2016-01", "2016-02", "2016-03", "2016-04")
    assert series.counts == (5, 0, None, 7)  # February had data and no crime: 0; March is unknown
    assert series.without_data == ("2016-03",)
    assert json.loads(to_json(series))["counts"] == [5, 0, None, 7]


def test_seasonality_leaves_a_missing_month_out_with_one_degree_of_freedom_fewer():
    # Ten crimes a day all year, except 10 more in January and 10 fewer in February; March unknown.
    counts = [d * 10 for d in DAYS_2021]
    counts[0] += 10
    counts[1] -= 10
    series = monthly_series(MONTHS_2021, counts, without_data=["2021-03"])
    result = seasonality(series)
    # Without March: 3,340 crimes over 334 days, expected 10 a day. chi2 = 10²/310 + 10²/280.
    chi2 = 100 / 310 + 100 / 280
    assert result.chi_square == pytest.approx(chi2, rel=1e-12)
    assert result.degrees_of_freedom == 10
    assert result.p_value == pytest.approx(stats.chi2.sf(chi2, 10), rel=1e-12)
    assert result.index[2] is None
    assert result.index[0] == round(100 * 320 / 310, 1) and result.index[1] == round(100 * 270 / 280, 1)
    assert result.index[3:] == tuple([100.0] * 9)
    assert result.left_out == ("2021-03",)


def test_seasonality_with_the_missing_month_given_in_another_year_keeps_its_index():
    months = MONTHS_2021 + [f"2022-{m:02d}" for m in range(1, 13)]
    counts = [d * 10 for d in DAYS_2021] + [d * 10 for d in DAYS_2021]
    result = seasonality(monthly_series(months, counts, without_data=["2021-03"]))
    # March 2022 has data: March keeps an index (from its 31 days of 2022 only) and the test 11 df.
    assert result.index == tuple([100.0] * 12)
    assert result.degrees_of_freedom == 11 and result.years == 2


def test_year_on_year_compares_the_same_calendar_months_when_one_is_missing():
    months = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
    series = monthly_series(months, [10] * 12 + [5] * 12, without_data=["2021-03"])
    yoy = year_on_year(series)
    # March is left out of both years: 11 months of 10 against 11 months of 5.
    assert (yoy.previous, yoy.current, yoy.change, yoy.months_compared) == (110, 55, -55, 11)
    assert yoy.percent_change == pytest.approx(-50)
    assert yoy.left_out == ("2020-03", "2021-03")
    assert yoy.test.p_value == e_test(55, 110).p_value


def _cluster_events(gap: str | None):
    """Background events every month of 2017 on a 1 km square, plus a 30-event cluster in one cell
    in the last two months; ``gap`` is a month with no events (a month not supplied)."""
    rng = np.random.default_rng(0)
    dates, xs, ys = [], [], []
    for month in range(1, 11):
        if f"2017-{month:02d}" == gap:
            continue
        xs += list(rng.uniform(500_000, 501_000, 150))
        ys += list(rng.uniform(200_000, 201_000, 150))
        dates += [dt.date(2017, month, 1)] * 150
        if month >= 9:
            xs += [500_450] * 30
            ys += [200_450] * 30
            dates += [dt.date(2017, month, 1)] * 30
    events = events_from_arrays(range(len(dates)), dates, xs, ys)
    return Events(**{**events.__dict__, "resolution": "month"})


def test_emerging_hot_spots_do_not_count_a_month_without_data_as_a_period():
    events = _cluster_events(gap="2017-05")
    assert event_months_without_data(events) == ("2017-05",)
    result = emerging_hotspots(events, 100)
    grid = result.gridded.grid
    target = int(np.flatnonzero((grid.row == 4) & (grid.col == 4))[0])
    # Nine periods: the last floor(0.2 x 9) = 1 is recent; the cluster is significant in the last two,
    # so in 1 of 1 recent and 1 of 8 earlier periods (>= 0.1 both): intermittent, by the rules.
    assert result.periods == tuple(f"2017-{m:02d}" for m in (1, 2, 3, 4, 6, 7, 8, 9, 10))
    assert result.counts.shape[0] == 9 and result.recent_periods == 1
    assert result.without_data == ("2017-05",)
    assert result.classes[target] == "intermittent hot spot"
    # Counted as a period of zeros (the old behaviour) it would be ten periods, two recent: "emerging".
    as_zero = emerging_hotspots(events, 100, without_data=())
    assert len(as_zero.periods) == 10 and as_zero.classes[target] == "emerging hot spot"


def test_emerging_hot_spots_refuse_with_the_reason_when_too_few_months_have_data():
    events = month_events([("2017-01", 5), ("2017-02", 5)])
    with pytest.raises(EvidenceError, match=r"only 1 month\(s\) with data \(2017-01 without\)"):
        emerging_hotspots(events, 100, without_data=["2017-01"])


def test_wdd_counts_only_the_months_with_data_in_each_period():
    # January to December 2016 with no data for March; the intervention starts in July.
    events = month_events([(f"2016-{m:02d}", 4) for m in range(1, 13) if m != 3])
    table = count_before_after(events, {"treated": box(0, 0, 10, 10)}, dt.date(2016, 7, 1))
    assert (table.before_length, table.after_length) == (5, 6)  # not 6 before: March is unknown
    assert table.without_data == ("2016-03",)
    assert table.areas[0].pair() == (20, 24)
    shorter = count_before_after(events, {"treated": box(0, 0, 10, 10)}, dt.date(2016, 7, 1), before=4, after=2)
    assert (shorter.before_length, shorter.areas[0].pair()) == (3, (12, 8))
    with pytest.raises(EvidenceError, match="no month with data before 2016-04-01"):
        count_before_after(events, {"treated": box(0, 0, 10, 10)}, dt.date(2016, 4, 1), before=1)


def test_wdd_command_on_an_events_file_reports_the_honest_periods(tmp_path, capsys):
    from saferplaces.evidence.cli import main

    lines = ["id,date,x,y,crime_type"]
    for m in (1, 2, 4, 5, 6, 7, 8):  # no data for March
        lines += [f"t{m}-{i},2016-{m:02d},500050,200050,Burglary" for i in range(3)]
        lines += [f"c{m}-{i},2016-{m:02d},510050,200050,Burglary" for i in range(5)]
    (tmp_path / "events.csv").write_text("\n".join(lines) + "\n")
    for name, x in (("treated", 500_000), ("control", 510_000)):
        (tmp_path / f"{name}.geojson").write_text(json.dumps({"type": "Polygon", "coordinates": [[
            [x, 200_000], [x + 100, 200_000], [x + 100, 200_100], [x, 200_100], [x, 200_000]]]}))
    argv = ["wdd", str(tmp_path / "events.csv"), "--treated-area", str(tmp_path / "treated.geojson"),
            "--control-area", str(tmp_path / "control.geojson"), "--start", "2016-07-01"]
    assert main([*argv, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["periods"] == [5, 2] and payload["without_data"] == ["2016-03"]
    assert payload["counts"] == {"treated": {"before": 15, "after": 6}, "control": {"before": 25, "after": 10}}
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "before: 5 months" in out and "months without data, not counted in the periods: 2016-03" in out


def test_the_line_chart_breaks_at_a_missing_month_and_says_so():
    svg = line_chart({"Crime": [5, 6, None, 7, 8]}, ["Jan", "Feb", "Mar", "Apr", "May"],
                     title="Crime", desc="Monthly counts.", ident="t")
    assert svg.count("<polyline") == 2  # Jan-Feb and Apr-May, nothing drawn through March
    assert "no data</text>" in svg
    assert "No data for Mar: the line is broken there." in svg
    lone = line_chart({"Crime": [5, None, 7, None, 8]}, list("abcde"), title="t", desc="d", ident="u")
    assert lone.count("<polyline") == 0 and lone.count("<circle") == 3


def test_the_assessment_treats_a_force_month_without_data_as_unknown_everywhere(tmp_path):
    from saferplaces.evidence.assess import strategic_assessment, write_outputs

    from .police_files import row, write_street

    rng = np.random.default_rng(3)
    rows, n = [], 0
    for month in range(1, 13):
        for force, count in (("Metropolitan Police Service", 0 if month == 3 else 30), ("British Transport Police", 3)):
            for _ in range(count):
                n += 1
                rows.append(row(str(n), month=f"2016-{month:02d}", lon=f"{rng.uniform(-0.15, -0.12):.5f}",
                                lat=f"{rng.uniform(51.50, 51.52):.5f}", force=force))
    write_street(tmp_path / "police" / "2016.csv", rows)
    assessment = strategic_assessment([tmp_path / "police"], bootstrap=0, simulations=0)
    assert assessment.quality.missing_months["Metropolitan Police Service"] == ("2016-03",)
    counts = assessment.crime_series.counts
    assert counts[2] is None and counts[1] == 33 and len(counts) == 12  # BTP's 3 March crimes are not "March"
    assert assessment.seasonality.index[2] is None and assessment.seasonality.degrees_of_freedom == 10
    assert assessment.hotspots.without_data == ("2016-03",) and "2016-03" not in assessment.hotspots.periods
    write_outputs(assessment, tmp_path / "r.html", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["crime_series"]["counts"][2] is None and data["seasonality"]["index"][2] is None
    html = (tmp_path / "r.html").read_text()
    assert "No data for 2016-03: unknown, not zero." in html
    assert "on 10 degrees of freedom" in html and "without data, so not periods: 2016-03" in html
    assert html.count("<td class=n>no data</td>") == 3  # the month's crime and ASB, and March's seasonal index


def test_a_month_one_force_lacks_is_without_data_in_an_events_file_with_a_force_column():
    met = [(f"2016-{m:02d}", 3) for m in (1, 2, 4)]
    events = month_events(met + [(f"2016-{m:02d}", 1) for m in (1, 2, 3, 4)])
    forced = Events(**{**events.__dict__, "force": np.array(["Met"] * 9 + ["BTP"] * 4, dtype=object)})
    assert event_months_without_data(events) == ()  # as one source, March has an event
    assert event_months_without_data(forced) == ("2016-03",)
    assert event_months_without_data(forced.subset(np.arange(13) != 12)) == ("2016-03",)  # force kept by subset


def test_wdd_leaves_out_the_other_forces_events_of_a_month_without_data(tmp_path, capsys):
    from saferplaces.evidence.cli import main

    lines = ["id,date,x,y,crime_type,force"]
    for m in range(1, 9):
        if m != 3:  # the Met has no data for March; BTP has one crime in the treated area that month
            lines += [f"t{m}-{i},2016-{m:02d},500050,200050,Burglary,Met" for i in range(3)]
            lines += [f"c{m}-{i},2016-{m:02d},510050,200050,Burglary,Met" for i in range(5)]
        lines.append(f"b{m},2016-{m:02d},500050,200050,Burglary,BTP")
    (tmp_path / "events.csv").write_text("\n".join(lines) + "\n")
    for name, x in (("treated", 500_000), ("control", 510_000)):
        (tmp_path / f"{name}.geojson").write_text(json.dumps({"type": "Polygon", "coordinates": [[
            [x, 200_000], [x + 100, 200_000], [x + 100, 200_100], [x, 200_100], [x, 200_000]]]}))
    argv = ["wdd", str(tmp_path / "events.csv"), "--treated-area", str(tmp_path / "treated.geojson"),
            "--control-area", str(tmp_path / "control.geojson"), "--start", "2016-07-01", "--json"]
    assert main(argv) == 0
    payload = json.loads(capsys.readouterr().out)
    # Before: January, February, April, May, June (5 months): 3 Met + 1 BTP each in the treated area.
    assert payload["periods"] == [5, 2] and payload["without_data"] == ["2016-03"]
    assert payload["counts"]["treated"] == {"before": 20, "after": 8}
    assert main([*argv, "--no-data-month", "2016-05"]) == 0  # a month the analyst knows is incomplete
    payload = json.loads(capsys.readouterr().out)
    assert payload["periods"] == [4, 2] and payload["without_data"] == ["2016-03", "2016-05"]
    assert payload["counts"]["treated"] == {"before": 16, "after": 8}
    assert main([*argv, "--no-data-month", "May"]) == 1
    assert "month without data 'May' is not YYYY-MM (see --no-data-month)" in capsys.readouterr().err


def test_the_hotspots_command_says_which_months_are_not_periods(tmp_path, capsys):
    from saferplaces.evidence.cli import main

    rng = np.random.default_rng(2)
    lines = ["id,date,x,y"]
    for m in (1, 2, 4, 5, 6):  # no data for March
        lines += [f"{m}-{i},2016-{m:02d},{rng.uniform(500_000, 501_000):.0f},{rng.uniform(200_000, 201_000):.0f}"
                  for i in range(60)]
    (tmp_path / "events.csv").write_text("\n".join(lines) + "\n")
    argv = ["hotspots", str(tmp_path / "events.csv"), "--method", "emerging", "--cell", "250"]
    assert main([*argv, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["periods"] == ["2016-01", "2016-02", "2016-04", "2016-05", "2016-06"]
    assert payload["without_data"] == ["2016-03"] and payload["recent_periods"] == 1
    assert main(argv) == 0
    assert "months without data, not periods: 2016-03" in capsys.readouterr().out
