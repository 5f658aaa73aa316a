"""National lookups: areas are cut to the local authorities the data covers, or those named."""

import json

import pytest

from saferplaces.evidence import api
from saferplaces.evidence.cli import main
from saferplaces.evidence.geography import load_geography
from tests.evidence.police_files import row, write_street

# A "national" lookup in miniature: three authorities in two regions.
# code → (name, region code, region name, LSOAs per ward)
AUTHORITIES = {
    "E09000101": ("Abbeyton", "E12000007", "London", (2, 2, 1)),  # its third ward will have no crime
    "E09000102": ("Brookside", "E12000007", "London", (5,) * 8),
    "E06000103": ("Cliffmouth", "E12000008", "South East", (3, 3)),
}


def lsoas_of(lad: str) -> list[tuple[str, str]]:
    """(LSOA code, ward code) of an authority, in lookup order."""
    out, number = [], int(lad[-3:]) * 100
    for ward_index, size in enumerate(AUTHORITIES[lad][3]):
        ward = f"E05{int(lad[-3:]):03d}{ward_index:03d}"
        for _ in range(size):
            number += 1
            out.append((f"E01{number:06d}", ward))
    return out


def write_national(folder, *, regions: bool = True):
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM"]
    for lad, (name, *_rest) in AUTHORITIES.items():
        for lsoa, ward in lsoas_of(lad):
            lines.append(f"{len(lines)},{lsoa},{name} {lsoa[-3:]},{ward},{name} ward {ward[-1]},{lad},{name}")
    (folder / "lsoa11_to_ward2019_national.csv").write_text("\n".join(lines) + "\n")
    if regions:
        rows = ["LAD22CD,LAD22NM,RGN22CD,RGN22NM"]
        rows += [f"{lad},{name},{code},{region}" for lad, (name, code, region, _) in AUTHORITIES.items()]
        (folder / "lad22_to_rgn22.csv").write_text("\n".join(rows) + "\n")
    return folder


def crimes(lad: str, per_lsoa: dict[int, int], months=("2018-01", "2018-02")) -> list[list[str]]:
    """``per_lsoa[i]`` crimes in the authority's i-th LSOA, spread over ``months``, each at its own point."""
    out = []
    for index, count in per_lsoa.items():
        lsoa = lsoas_of(lad)[index][0]
        for k in range(count):
            out.append(row(f"{lsoa}-{k}", month=months[k % len(months)], lsoa=lsoa, lsoa_name=lsoa,
                           lon=f"{-0.2 + 0.001 * index:.4f}", lat=f"{51.5 + 0.0005 * k:.4f}"))
    return out


@pytest.fixture
def abbeyton_with_strays(tmp_path):
    """Abbeyton's crimes, and a few whose snapped points fell over the border into Brookside:
    2.4% of the rows (as many as the City of London's strays into Tower Hamlets), but a handful
    across 40 LSOAs where Abbeyton has dozens in each."""
    rows = crimes("E09000101", {0: 60, 1: 50, 2: 40, 3: 30}) + crimes("E09000102", {0: 3, 5: 2})
    rows.append(row("blank", lsoa="", lsoa_name="", lon="", lat=""))
    return write_street(tmp_path / "police.csv", rows), write_national(tmp_path / "geography")


def test_a_national_lookup_counts_only_the_authority_the_data_covers(abbeyton_with_strays):
    police, geography = abbeyton_with_strays
    result = api.area_concentration([police], by="ward", geography=geography)
    assert [a.code for a in result.areas] == ["E05101000", "E05101001", "E05101002"]  # its zero-crime ward too
    assert [a.count for a in result.areas] == [110, 70, 0]
    assert result.total == 180 and result.unassigned == 1  # the row with no LSOA stays, unplaced
    study = result.study_area
    assert study.name == "Abbeyton" and not study.chosen
    assert [(a.name, a.rows, a.lsoas) for a in study.authorities] == [("Abbeyton", 180, 5)]
    assert [(a.name, a.rows) for a in study.outside] == [("Brookside", 5)] and study.rows_outside == 5
    assert study.rows_unplaced == 1 and study.unplaced_kept
    by_lsoa = api.area_concentration([police], by="lsoa", geography=geography)
    assert len(by_lsoa.areas) == 5 and by_lsoa.total == 180


def test_without_the_restriction_the_national_lookup_would_list_every_ward(abbeyton_with_strays):
    # The same lookup without local authority columns: nothing says where the strays are, so every ward counts.
    police, geography = abbeyton_with_strays
    lookup = geography / "lsoa11_to_ward2019_national.csv"
    lines = [",".join(line.split(",")[:5]) for line in lookup.read_text().splitlines()]
    (geography / "lad22_to_rgn22.csv").unlink()
    lookup.write_text("\n".join(lines) + "\n")
    result = api.area_concentration([police], by="ward", geography=geography)
    assert len(result.areas) == 13 and result.study_area is None and result.total == 185


def test_authorities_of_different_density_are_all_covered(tmp_path):
    # A small dense authority beside a large quiet one: 50 crimes per LSOA against 20. Both are covered.
    rows = crimes("E09000101", dict.fromkeys(range(4), 50)) + crimes("E09000102", dict.fromkeys(range(40), 20))
    police = write_street(tmp_path / "police.csv", rows)
    result = api.area_concentration([police], by="ward", geography=write_national(tmp_path / "geo"))
    assert [a.name for a in result.study_area.authorities] == ["Abbeyton", "Brookside"]
    assert len(result.areas) == 11 and result.total == 1000
    assert result.study_area.name == "London: 2 local authorities"
    assert result.study_area.in_words == "the 2 local authorities in London"


def test_areas_can_be_named_by_code_name_or_region(abbeyton_with_strays):
    police, geography = abbeyton_with_strays
    by_name = api.area_concentration([police], by="ward", geography=geography, areas=["  brookSIDE "])
    assert by_name.total == 5 and len(by_name.areas) == 8 and by_name.study_area.chosen
    # Nothing says the row with no LSOA is in Brookside: it is left out, and said to be.
    assert by_name.unassigned == 0 and not by_name.study_area.unplaced_kept
    assert [(a.name, a.rows) for a in by_name.study_area.outside] == [("Abbeyton", 180)]
    both = api.area_concentration([police], by="ward", geography=geography, areas=["E09000101", "Brookside"])
    assert both.total == 185 and len(both.areas) == 11
    london = api.area_concentration([police], by="lsoa", geography=geography, areas=["London"])
    assert [a.name for a in london.study_area.authorities] == ["Abbeyton", "Brookside"]
    assert len(london.areas) == 45


def test_an_unknown_area_is_refused_with_a_suggestion(abbeyton_with_strays):
    police, geography = abbeyton_with_strays
    with pytest.raises(api.ParameterError, match="no local authority 'Brookvale' in the lookup; did you mean"):
        api.area_concentration([police], by="ward", geography=geography, areas=["Brookvale"])
    with pytest.raises(api.InputError, match="none of the rows of the data lies in Cliffmouth"):
        api.area_concentration([police], by="ward", geography=geography, areas=["Cliffmouth"])


def test_naming_areas_needs_a_lookup_with_authorities(tmp_path):
    police = write_street(tmp_path / "police.csv", crimes("E09000101", {0: 3}))
    with pytest.raises(api.InputError, match="needs an LSOA-to-ward lookup with local authority columns"):
        api.area_concentration([police], by="lsoa", areas=["Abbeyton"])


def test_the_region_lookup_is_recognised_by_its_columns(tmp_path):
    geography = load_geography(write_national(tmp_path / "geo"))
    assert geography.lad_to_region["E06000103"] == ("E12000008", "South East")
    assert not geography.extra_files  # not taken for a deprivation file
    bad = tmp_path / "bad"
    write_national(bad)
    (bad / "lad22_to_rgn22.csv").write_text("LAD22CD,RGN22CD\nE09000101,\n")
    with pytest.raises(api.InputError, match=r"lad22_to_rgn22.csv line 2: blank LAD22CD or RGN22CD"):
        load_geography(bad)


def test_the_assessment_is_titled_by_what_it_covers(abbeyton_with_strays, tmp_path):
    police, geography = abbeyton_with_strays
    one = api.strategic_assessment([police], geography)
    assert one.title == "Strategic assessment: Abbeyton"
    assert any("in Abbeyton" in line for line in one.headlines)
    assert sum(n for _, n in one.by_type) == 180 + 1  # the strays are out of every analysis, not just the wards
    several = api.strategic_assessment([police], geography, areas=["Abbeyton", "Brookside"])
    assert several.title == "Strategic assessment: London: 2 local authorities"
    (geography / "lad22_to_rgn22.csv").unlink()
    unknown_region = api.strategic_assessment([police], geography, areas=["Abbeyton", "Brookside"])
    assert unknown_region.title == "Strategic assessment: 2 local authorities"


def test_the_commands_take_areas(abbeyton_with_strays, tmp_path, capsys):
    police, geography = abbeyton_with_strays
    assert main(["concentration", str(police), "--by", "ward", "--geography", str(geography), "--json",
                 "--area", "Abbeyton", "--area", "E09000102"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 180 + 5
    assert [a["name"] for a in out["study_area"]["authorities"]] == ["Abbeyton", "Brookside"]
    assert main(["concentration", str(police), "--by", "ward", "--geography", str(geography)]) == 0
    assert "Abbeyton: 3 wards; 5 rows in 1 other authority left out" in capsys.readouterr().out
    assert main(["concentration", str(police), "--by", "ward", "--geography", str(geography), "--area", "Nowhere"]) == 1
    assert "no local authority 'Nowhere'" in capsys.readouterr().err
    report = tmp_path / "r.html"
    assert main(["assess", str(police), "--geography", str(geography), "--area", "Abbeyton", "--out", str(report)]) == 0
    html = report.read_text()
    assert "<title>Strategic assessment: Abbeyton</title>" in html
    assert "Covers Abbeyton (as chosen). 5 rows lying in other authorities (Brookside 5) are left out." in html
    assert "1 row with no known LSOA cannot be placed in it and is left out." in html

