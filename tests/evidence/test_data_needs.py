"""One month of data: everything it supports, and a list of what needs more months."""

from saferplaces.evidence import api
from saferplaces.evidence.data_needs import data_needs
from saferplaces.evidence.hotspot_findings import NOT_ASSESSED
from tests.evidence.police_files import row, write_street
from tests.evidence.tiny_geography import LSOAS, write_geography


def months(first: str, count: int) -> tuple[str, ...]:
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def test_what_one_month_and_eighteen_months_need():
    one = {n.analysis.split(" (")[0]: n.more_months for n in data_needs(("2018-06",))}
    # A whole calendar year from June 2018 means January to December 2019: 18 more months.
    assert one == {"Hot-spot trends": 1, "Crime by month": 1, "Year-on-year change": 23, "Seasonality": 18}
    eighteen = {n.analysis.split(" (")[0]: n.more_months for n in data_needs(months("2017-01", 18))}
    assert eighteen == {"Year-on-year change": 6}  # 2017 is a whole calendar year
    assert {n.analysis for n in data_needs(months("2017-02", 11))} >= {"Seasonality"}
    assert data_needs(months("2017-02", 11))[-1].more_months == 12  # December 2017 to December 2018
    assert data_needs(months("2016-01", 24)) == ()
    assert data_needs(()) == ()


def test_one_month_gives_a_report_with_what_it_supports(tmp_path):
    rows = []
    for number, (code, (_, _, (lon, lat))) in enumerate(LSOAS.items()):
        for k in range(10 * (number + 1)):  # 10, 20, 30, 40 crimes: something to concentrate
            rows.append(row(f"{code}-{k}", month="2018-06", lsoa=code, lon=f"{lon + 0.0004 * (k % 20):.4f}",
                            lat=f"{lat + 0.0004 * (k // 20):.4f}"))
    police = write_street(tmp_path / "2018-06" / "2018-06-metropolitan-street.csv", rows)
    report = tmp_path / "report.html"
    assessment = api.strategic_assessment([police], write_geography(tmp_path / "geo"), report=report)
    assert assessment.first_month == assessment.last_month == "2018-06"
    assert assessment.lsoas.crime.total == 100 and assessment.wards.crime.total == 100
    hotspots = assessment.hotspots
    assert hotspots.periods == ("2018-06",) and hotspots.trends == () and hotspots.classes
    assert {cell.trend_class for cell in hotspots.cells} == {NOT_ASSESSED}
    assert assessment.year_on_year is None and assessment.seasonality is None
    assert [n.more_months for n in assessment.needs_more_data] == [1, 1, 23, 18]
    html = report.read_text()
    assert '<h2 id="needs">What needs more data</h2>' in html and "Hot-spot trends are not assessed" in html
    assert "Hot and cold spots (Gi*)" in html and "Hot-spot trends</title>" not in html


def test_a_long_series_has_nothing_in_need(tmp_path):
    rows = [row(f"c{m}-{k}", month=m, lsoa=code, lon=f"{lon + 0.001 * k:.4f}", lat=f"{lat:.4f}")
            for m in months("2016-01", 24) for code, (_, _, (lon, lat)) in LSOAS.items() for k in range(2)]
    report = tmp_path / "report.html"
    assessment = api.strategic_assessment([write_street(tmp_path / "f.csv", rows)], write_geography(tmp_path / "geo"),
                                          report=report)
    assert assessment.needs_more_data == () and assessment.year_on_year is not None
    assert "What needs more data" not in report.read_text()
