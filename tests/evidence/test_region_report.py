"""A report over a whole region: headlines that summarise, tables cut short, maps drawn at the
detail a page shows, and a file a browser opens quickly."""

import re

import pytest
import shapely

from saferplaces.evidence import api
from saferplaces.evidence.assess import ward_headline
from saferplaces.evidence.concentration import concentration
from saferplaces.evidence.report.scale import (
    MAX_SEPARATE_CELLS,
    merged_cells,
    outlines,
    simplified,
    table_limit,
    thinned,
)
from saferplaces.evidence.synthetic.borough import generate_region

#: The budget for a region's report: a browser opens 2 MB of inline SVG in about a second.
REPORT_BUDGET = 2_000_000


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return generate_region(tmp_path_factory.mktemp("region"), authorities=12, months=3, crimes_per_month=500)


@pytest.fixture(scope="module")
def report(region, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "region.html"
    assessment = api.strategic_assessment([region.folder / "police"], region.folder / "geography", report=path)
    return assessment, path.read_text(encoding="utf-8")


def svg(html: str, title: str) -> str:
    match = re.search(r'<svg[^>]*>(?:(?!</svg>).)*?<title[^>]*>' + re.escape(title) + r"</title>.*?</svg>", html, re.S)
    assert match, title
    return match.group(0)


def test_the_region_is_written_as_one_force_over_several_authorities(region):
    assert len(region.authorities) == 12 and region.lsoas == 1440 and region.wards == 240
    assert region.region == ("E12999999", "Synthregion")
    assert sorted(p.name for p in (region.folder / "police" / "2022-01").iterdir()) == [
        "2022-01-btp-street.csv", "2022-01-synthshire-street.csv"]
    lookup = (region.folder / "geography" / "lsoa11_to_ward2019_lookup.csv").read_text().splitlines()
    assert len(lookup) == 1 + 1440 and len({line.split(",")[4] for line in lookup[1:]}) == 12


def test_the_report_covers_the_region_and_summarises_it(report, region):
    assessment, html = report
    assert assessment.title == "Strategic assessment: Synthregion: 12 local authorities"
    assert len(assessment.study_area.authorities) == 12 and assessment.study_area.rows_outside == 0
    wards = assessment.headlines[0]
    assert wards.startswith("Over half of all crime in the 12 local authorities in Synthregion (")
    assert re.search(r"occurs within \d+ of the 240 wards \(\d+% of them\), led by [^,]+ \(\d+%\), [^,]+ \(\d+%\) "
                     r"and [^,]+ \(\d+%\)\.$", wards), wards
    lsoas = assessment.headlines[1]
    assert lsoas.startswith("The three LSOAs with most crime (") and "of 1,440 LSOAs" in lsoas
    # The ward table shows the 25 with most crime and says what it leaves out; so do ASB and the VLI.
    assert "Crime by ward: the 25 with most crime" in html and "And 215 more wards with " in html
    assert "And 215 less vulnerable wards" in html and html.count("the JSON summary lists every one") >= 3
    # A page to scroll, not 69,000 pixels of table (with up to 41 rows saying which wards the hot spots are in).
    assert html.count("<tr>") < 290


def test_the_report_stays_light(report):
    _, html = report
    size = len(html.encode("utf-8"))
    assert size < 500_000, size  # 758 KB before the maps were simplified and the tables cut short
    lsoa_map = svg(html, "Crime by LSOA")
    # One path per class (and the north arrow's), not 1,440 with a tooltip each.
    assert lsoa_map.count("<path") <= 6 + 1 and lsoa_map.count("<title") == 1
    lorenz = svg(html, "Lorenz curve of crime across LSOAs")
    points = re.search(r'<polyline[^>]*points="([^"]*)"', lorenz).group(1).split()
    assert len(points) <= 401


@pytest.mark.slow
def test_a_london_sized_region_fits_the_budget(tmp_path):
    # As many LSOAs as London (4,835) and more wards (London: about 630): 2.4 MB before.
    region = generate_region(tmp_path / "region", authorities=40, months=2, crimes_per_month=300)
    path = tmp_path / "region.html"
    api.strategic_assessment([region.folder / "police"], region.folder / "geography", report=path)
    html = path.read_text(encoding="utf-8")
    assert region.lsoas == 4800 and len(html.encode("utf-8")) < REPORT_BUDGET
    assert html.count("<tr>") < 290  # with up to 41 rows of where the hot spots are


def test_a_headline_names_a_few_wards_and_counts_many():
    few = concentration([f"W{i}" for i in range(10)], [f"Ward {i}" for i in range(10)], [50] + [10] * 9, k=3)
    # 50 of 140: the first ward and two of the others make half (70 of 140)
    assert ward_headline("Here", few) == ("Over half of all crime in Here (50%) occurs within 3 of the 10 wards: "
                                          "Ward 0 (36%), Ward 1 (7%) and Ward 2 (7%).")
    many = concentration([f"W{i:02d}" for i in range(40)], [f"Ward {i}" for i in range(40)], [10] * 40, k=3)
    assert ward_headline("There", many) == ("Over half of all crime in There (50%) occurs within 20 of the 40 wards "
                                            "(50% of them), led by Ward 0 (2%), Ward 1 (2%) and Ward 2 (2%).")
    # Shares under 1% keep a decimal (a region's wards), so that no ward is said to hold "0%".
    region = concentration([f"W{i:03d}" for i in range(400)], [f"Ward {i}" for i in range(400)], [4] + [1] * 399, k=3)
    assert ward_headline("Everywhere", region).endswith("led by Ward 0 (1.0%), Ward 1 (0.2%) and Ward 2 (0.2%).")


def test_tables_are_cut_only_when_long():
    assert table_limit(40) is None and table_limit(41) == 25


def test_thinning_keeps_the_ends_and_even_steps():
    assert thinned(list(range(10)), 5) == [0, 2, 4, 6, 8, 9]
    assert thinned(list(range(4)), 5) == [0, 1, 2, 3]


def test_many_cells_are_merged_by_class():
    squares = [shapely.box(i, 0, i + 1, 1) for i in range(MAX_SEPARATE_CELLS + 1)]
    classes = ["hot spot 99%" if i % 2 else "cold spot 95%" for i in range(len(squares))]
    shapes, order, labels = merged_cells(squares, classes, [2] * len(squares))
    assert order == ["cold spot 95%", "hot spot 99%"] and len(shapes) == 2
    assert labels == ["cold spot 95%: 151 cells, 302 crimes", "hot spot 99%: 150 cells, 300 crimes"]
    assert shapes[1].area == 150
    few, _, few_labels = merged_cells(squares[:3], classes[:3], [1, 2, 3])
    assert len(few) == 3 and few_labels[2] == "cold spot 95%: 3 crimes"


def test_maps_are_drawn_at_the_detail_a_pixel_shows():
    # 7,200 m wide at 720 px: 10 m a pixel, so a 2 m wiggle goes and a 200 m notch stays;
    # a 5 m sliver hole and a 3 m speck of an island go too.
    wiggly = shapely.Polygon([(0, 0), (3600, 2), (7200, 0), (7200, 1000), (3600, 800), (0, 1000)],
                             [[(100, 100), (105, 100), (105, 105), (100, 100)]])
    speck = shapely.box(7300, 0, 7303, 3)
    shapes = simplified({"a": shapely.MultiPolygon([wiggly, speck])})
    assert shapes["a"].geom_type == "Polygon" and not shapes["a"].interiors
    assert len(shapes["a"].exterior.coords) == len(wiggly.exterior.coords) - 1
    assert shapes["a"].contains(shapely.Point(3600, 700)) and not shapes["a"].contains(shapely.Point(3600, 900))


def test_many_areas_are_outlined_by_their_authority():
    wards = {f"W{i:03d}": shapely.box(i * 10, 0, i * 10 + 10, 10) for i in range(400)}
    authority = {code: f"LAD{int(code[1:]) // 100}" for code in wards}
    merged = outlines(wards, authority)
    assert sorted(merged) == ["LAD0", "LAD1", "LAD2", "LAD3"]
    assert merged["LAD1"].hausdorff_distance(shapely.box(1000, 0, 2000, 10)) < 1e-6
    few = dict(list(wards.items())[:10])
    assert outlines(few, authority) == few


def test_a_gap_thinner_than_a_pixel_between_merged_areas_is_closed():
    # 4,000 m at 720 px: 5.6 m a pixel. Two wards of one authority 1 m apart merge into one outline,
    # and a sliver of a hole (8 m by 4 m, one pixel square) where the wards did not meet goes; a
    # hole of 50 by 50 pixels stays.
    wards = {f"W{i:03d}": shapely.box(i * 10, 0, i * 10 + 10, 10) for i in range(400)}
    wards["W000"] = shapely.box(-1, 0, 9, 10)
    wards["W200"] = shapely.box(2000, 0, 2010, 10).difference(shapely.box(2001, 3, 2009, 7))
    wards["X"] = shapely.box(0, 100, 1000, 1000).difference(shapely.box(200, 200, 480, 480))
    authority = {code: "LAD" for code in wards if code != "X"} | {"X": "OTHER"}
    merged = outlines(wards, authority)
    assert merged["LAD"].geom_type == "Polygon" and not merged["LAD"].interiors
    assert len(merged["OTHER"].interiors) == 1
