"""The assessment's rates, crime type tables, one-type hot spots and VLI against a wider reference,
on a four-LSOA borough (tests/evidence/tiny_geography.py) and files written here."""

import json

import pytest

from saferplaces.evidence.assess import strategic_assessment, write_outputs
from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError, ParameterError
from tests.evidence.police_files import row, write_street
from tests.evidence.tiny_geography import LSOAS, write_geography

POPULATION = "Total population: mid 2015 (excluding prisoners)"
WORKING = "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)"
OTHERS = {"E01000005": "Other 001A", "E01000006": "Other 001B"}


def write_deprivation(folder, codes, employment_blank=()):
    """IoD-style files: every LSOA 1,000 residents and 600 of working age; income 100 in Tiny, 300 in Other;
    employment 50 in Tiny and 150 in Other, blank (suppressed) for ``employment_blank``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {code: name for code, (name, _, _) in LSOAS.items()} | OTHERS
    other = {c: c in OTHERS for c in codes}
    (folder / "indicators.csv").write_text(
        "lsoa11_code,income_domain_numerator,employment_domain_numerator,"
        "adult_skills_and_english_language_proficiency_indicator\n"
        + "".join(f"{c},{300 if other[c] else 100},{'' if c in employment_blank else 150 if other[c] else 50},0.1\n"
                  for c in codes))
    (folder / "denominators.csv").write_text(
        f'LSOA code (2011),LSOA name (2011),"{POPULATION}","{WORKING}"\n'
        + "".join(f"{c},{names[c]},1000,600\n" for c in codes))
    (folder / "population.csv").write_text(
        "LSOA11CD,LSOA11NM,Persons_All-Ages,Persons_16-29\n" + "".join(f"{c},{names[c]},1000,200\n" for c in codes))
    return folder


def write_police(folder, with_others=True):
    """Two months: LSOA 1 has 6 burglaries and 2 robberies a month, LSOA 3 one robbery; Other LSOAs 5 each."""
    rows = []
    for month in ("2019-01", "2019-02"):
        rows += [row(f"b{month}{i}", month, "-0.135", "51.505", "E01000001", "Burglary", lsoa_name="Tiny 001A")
                 for i in range(6)]
        rows += [row(f"r{month}{i}", month, "-0.135", "51.505", "E01000001", "Robbery", lsoa_name="Tiny 001A")
                 for i in range(2)]
        rows.append(row(f"s{month}", month, "-0.135", "51.515", "E01000003", "Robbery", lsoa_name="Tiny 002A"))
        if with_others:
            rows += [row(f"o{month}{code}{i}", month, "-0.10", "51.50", code, "Burglary", lsoa_name=name)
                     for code, name in OTHERS.items() for i in range(5)]
        write_street(folder / month / f"{month}-metropolitan-street.csv", rows)
        rows = []
    return folder


@pytest.fixture
def borough(tmp_path):
    geography = write_geography(tmp_path / "geo")
    write_deprivation(geography, list(LSOAS), employment_blank=("E01000001", "E01000002"))
    reference = write_deprivation(tmp_path / "london", [*LSOAS, *OTHERS])
    return tmp_path, geography, reference


def test_rates_crime_types_and_suppression_reach_the_report_and_json(borough):
    tmp, geography, _ = borough
    police = write_police(tmp / "police", with_others=False)
    a = strategic_assessment([police], [geography], crime_type="burglary", bootstrap=0, simulations=0)
    # Rates: 2 months; LSOA 1 has 16 crimes → 96 a year per 1,000 residents; Southward (LSOAs 1, 2) 16 crimes
    # over 2,000 residents → 48; Northward 2 crimes → 6.
    lsoa = {r.code: r for r in a.rates.lsoas.areas}
    ward = {r.code: r for r in a.rates.wards.areas}
    assert lsoa["E01000001"].per_1000_residents == pytest.approx(96)
    assert ward["E05000001"].per_1000_residents == pytest.approx(48)
    assert ward["E05000002"].per_1000_residents == pytest.approx(6)
    # Crime type by ward: Southward 12 burglaries and 4 robberies.
    southward = next(x for x in a.types_by_ward.areas if x.code == "E05000001")
    assert dict(zip(a.types_by_ward.types, southward.counts, strict=True)) == {"Burglary": 12, "Robbery": 4}
    assert a.crime_type == "Burglary" and sum(c.count for c in a.type_hotspots.cells) == 12
    # Employment suppressed in both Southward LSOAs: no index there, never 0.
    south_vli = next(u for u in a.vli.units if u.code == "E05000001")
    assert south_vli.indices["employment_deprivation"] is None
    assert south_vli.suppressed["employment_deprivation"] == ("E01000001", "E01000002")
    report, summary = tmp / "r.html", tmp / "r.json"
    write_outputs(a, report, summary)
    html = report.read_text()
    assert "Crimes per 1,000 people by ward" in html and "Crime type by ward" in html
    assert "Hot spots: Burglary" in html and "Hot and cold spots of burglary (Gi*)" in html
    assert "Suppressed deprivation values" in html and "E01000001, E01000002" in html
    assert "p = 0.000" not in html
    data = json.loads(summary.read_text())
    assert data["rates"]["wards"]["areas"][0]["per_1000_residents"] == pytest.approx(48)
    units = {u["code"]: u for u in data["vli"]["units"]}
    assert units["E05000001"]["indices"]["employment_deprivation"] is None
    assert units["E05000001"]["suppressed"] == {"employment_deprivation": ["E01000001", "E01000002"]}
    assert units["E05000002"]["suppressed"] == {}
    assert data["crime_type"] == "Burglary" and data["types_by_lsoa"]["types"] == ["Burglary", "Robbery"]


def test_the_vli_can_be_indexed_to_a_wider_reference_area(borough):
    tmp, geography, reference = borough
    police = write_police(tmp / "police")
    local = strategic_assessment([police], [geography], bootstrap=0, simulations=0)
    wide = strategic_assessment([police], [geography], vli_reference=[reference], vli_reference_name="London",
                                bootstrap=0, simulations=0)
    by_code = {u.code: u for u in wide.vli.units}
    # Income: each ward 200 / 2,000 = 0.1; the six reference LSOAs (100 × 4 + 300 × 2) / 6,000 = 1/6 → 60.
    assert by_code["E05000001"].indices["income_deprivation"] == pytest.approx(60)
    assert {u.code: u.indices["income_deprivation"] for u in local.vli.units} == pytest.approx(
        {"E05000001": 100, "E05000002": 100})
    # Employment in Northward: 100 / 1,200; the reference, known LSOAs only (the Southward two are
    # suppressed in the study files but not in London's): (50 × 4 + 150 × 2) / 3,600 → 1/12 ÷ 5/36 = 60.
    assert by_code["E05000002"].indices["employment_deprivation"] == pytest.approx(60)
    assert wide.vli.reference_name == "London" and len(wide.vli.reference_codes) == 6
    assert any("(London = 100)" in line for line in wide.headlines)


def test_a_reference_area_the_police_data_does_not_cover_is_refused(borough):
    tmp, geography, reference = borough
    police = write_police(tmp / "police", with_others=False)
    with pytest.raises(EvidenceError, match=r"no police.uk data here \(Other\)"):
        strategic_assessment([police], [geography], vli_reference=[reference], bootstrap=0, simulations=0)


def test_an_unknown_crime_type_is_refused_before_any_work(borough):
    tmp, geography, _ = borough
    with pytest.raises(ParameterError, match="unknown crime type 'Burglaries'.*Vehicle crime"):
        strategic_assessment([tmp / "police"], [geography], crime_type="Burglaries")


def test_concentration_gives_rates_when_a_population_file_is_there(borough, capsys):
    tmp, geography, _ = borough
    police = write_police(tmp / "police", with_others=False)
    assert main(["concentration", str(police), "--by", "ward", "--geography", str(geography), "--json"]) == 0
    rates = json.loads(capsys.readouterr().out)["rates"]
    # As in the assessment: Southward 16 crimes in 2 months over 2,000 residents → 48 a year per 1,000.
    assert rates["by"] == "ward" and rates["residents_source"] == "population.csv"
    assert {a["code"]: a["per_1000_residents"] for a in rates["areas"]} == pytest.approx(
        {"E05000001": 48, "E05000002": 6})
    assert main(["concentration", str(police), "--by", "lsoa", "--geography", str(geography)]) == 0
    assert "Crimes a year per 1,000 residents (population.csv, 2 months)" in capsys.readouterr().out
