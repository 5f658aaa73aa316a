"""The synthetic borough, the strategic assessment and the command-line contracts."""

import json
import re

import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.synthetic.borough import generate_borough


@pytest.fixture(scope="module")
def borough(tmp_path_factory):
    return generate_borough(tmp_path_factory.mktemp("borough"), seed=3, months=25, crimes_per_month=600)


def run_json(capsys, args):
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_synthetic_borough_plants_its_truth(borough):
    assert len(borough.lsoa_codes) == 120 and len(set(borough.ward_of.values())) == 20
    assert borough.missing_btp_month == "2022-08"
    assert (borough.folder / "police" / "2022-01" / "2022-01-synthshire-street.csv").exists()
    assert not (borough.folder / "police" / "2022-08" / "2022-08-btp-street.csv").exists()


@pytest.mark.slow
def test_the_burglary_extract_has_its_planted_near_repeats(borough, capsys):
    out = run_json(capsys, ["knox", str(borough.burglary_extract), "--distance-bands", "0,200,1000",
                            "--time-bands", "0,15,60", "--permutations", "99", "--seed", "1", "--json"])
    assert out["ratio"][0][0] > 2 and out["p"][0][0] == 0.01  # close in space and time: far above chance
    assert 0.8 < out["ratio"][1][1] < 1.2  # further apart in both: about what chance gives


def test_concentration_contract_by_ward(borough, capsys):
    out = run_json(capsys, ["concentration", str(borough.folder / "police"), "--by", "ward",
                            "--lookup", str(borough.folder / "geography" / "lsoa11_to_ward2019_lookup.csv"), "--json"])
    assert out["by"] == "ward"
    assert len(out["areas"]) == 20
    assert set(out["areas"][0]) >= {"code", "name", "count", "share"}
    counts = [a["count"] for a in out["areas"]]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == out["total"]
    assert sum(a["share"] for a in out["areas"]) == pytest.approx(1)
    assert out["top3_share"] == pytest.approx(sum(a["share"] for a in out["areas"][:3]))
    assert {a["code"] for a in out["areas"][:2]} == set(borough.town_centre_wards)  # the planted truth
    assert 0 < out["generalized_gini"] <= 1 and out["gini"] == pytest.approx(out["generalized_gini"])


def test_concentration_excludes_asb_unless_asked(borough, capsys):
    police = str(borough.folder / "police")
    without = run_json(capsys, ["concentration", police, "--by", "lsoa", "--json"])
    with_asb = run_json(capsys, ["concentration", police, "--by", "lsoa", "--include-asb", "--json"])
    assert with_asb["total"] > without["total"]


def test_ward_counts_without_a_lookup_is_a_clear_error(borough, capsys):
    assert main(["concentration", str(borough.folder / "police"), "--by", "ward", "--json"]) == 1
    assert "needs an LSOA-to-ward lookup" in capsys.readouterr().err


def test_assess_writes_a_self_contained_report_and_json(borough, tmp_path, capsys):
    report, summary = tmp_path / "report.html", tmp_path / "summary.json"
    assert main(["assess", str(borough.folder / "police"), "--geography", str(borough.folder / "geography"),
                 "--out", str(report), "--json", str(summary)]) == 0
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>") and 'lang="en-GB"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no external resources"
    assert "<script" not in html
    assert html.count("<caption>") >= 8 and 'scope="col"' in html
    assert html.count('role="img"') >= 5 and "@page { size: A4" in html
    data = json.loads(summary.read_text())
    assert data["quality"]["missing_months"]["British Transport Police"] == ["2022-08"]
    assert data["wards"]["crime"]["areas"][0]["code"] in borough.town_centre_wards
    assert data["vli"]["units"][0]["code"] in borough.ward_of.values()
    top_vli_wards = {u["code"] for u in data["vli"]["units"][:3]}
    assert top_vli_wards & set(borough.deprived_wards), "the planted deprivation shows in the VLI"
    assert data["year_on_year"]["change"] < 0  # a planted 10% fall
    assert any("Over half of all crime in Synthborough" in line for line in data["headlines"])
    assert "Hot and cold spots (Gi*)" in html and "Hot-spot trends" in html
    # Where the hot spots are, in text: the ward with most crime in hot-spot cells is a planted town centre.
    names = {area["code"]: area["name"] for area in data["wards"]["crime"]["areas"]}
    by_ward = html[html.index("<caption>Hot and emerging hot-spot cells by ward</caption>"):]
    first = re.search(r'<tbody><tr><th scope="row">([^<]+)</th>', by_ward).group(1)
    assert first in {names[code] for code in borough.town_centre_wards}
    assert "Hot-spot cells lie in " in html
    # The LSOA map shades all 120: the full table is there too, folded away.
    assert "<details><summary>All 120 LSOAs</summary><table><caption>Crime by LSOA: all 120</caption>" in html


def test_assessment_hot_spots_fall_in_the_planted_town_centres(borough):
    import shapely

    from saferplaces.evidence.assess import strategic_assessment
    from saferplaces.evidence.geography import geometry_to_bng, load_geography

    hotspots = strategic_assessment([borough.folder / "police"], [borough.folder / "geography"]).hotspots
    hot = [c for c in hotspots.cells if c.gistar_class.startswith("hot spot")]
    assert hot and 0 < hotspots.share_of_area_hot < hotspots.share_of_crime_in_hot
    wards = load_geography([borough.folder / "geography"]).wards
    centres = shapely.union_all([geometry_to_bng(wards[code].geometry) for code in borough.town_centre_wards])
    inside = sum(centres.buffer(hotspots.cell_size).contains(shapely.Point(c.x, c.y)) for c in hot)
    assert inside / len(hot) > 0.8
    assert sum(crimes for _, _, crimes in hotspots.classes) == sum(c.count for c in hotspots.cells)


def test_vli_command_contract(tmp_path, capsys):
    columns = ("code,name,ward_code,ward_name,population,households,burglary_dwelling,criminal_damage_dwelling,"
               "income_deprived,employment_deprived,working_age,aged_15_24,low_attainment,adults")
    (tmp_path / "v.csv").write_text(columns + "\nA,Alpha,W,W,1000,,10,10,100,50,1000,150,100,1000\n"
                                    "B,Beta,W,W,1000,,30,30,300,150,1000,150,300,1000\n")
    out = run_json(capsys, ["vli", str(tmp_path / "v.csv"), "--reference", "A", "--json"])
    assert [u["code"] for u in out["units"]] == ["B", "A"]
    assert out["units"][1]["vli"] == 100
    assert out["reference"] == ["A"]


def test_synth_borough_command(tmp_path, capsys):
    assert main(["synth-borough", str(tmp_path / "b"), "--months", "2", "--per-month", "50"]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert (tmp_path / "b" / "geography" / "wards2019.geojson").exists()


def test_quality_command_reports_the_missing_month(borough, capsys):
    out = run_json(capsys, ["quality", str(borough.folder / "police"), "--json"])
    assert out["missing_months"]["British Transport Police"] == ["2022-08"]
    assert out["total_rows"] == borough.rows_written


def test_assessment_with_an_events_extract_adds_the_knox_table(borough, tmp_path, capsys):
    import numpy as np

    rng = np.random.default_rng(5)
    rows = ["id,date,x,y"]
    for i in range(150):  # scattered events, each followed by a near repeat 50 m and 3 days later
        x, y, day = rng.uniform(530_000, 534_000), rng.uniform(180_000, 184_000), int(rng.integers(1, 300))
        for k, (dx, dd) in enumerate(((0, 0), (50, 3))):
            date = np.datetime64("2022-01-01") + np.timedelta64(day + dd, "D")
            rows.append(f"e{i}-{k},{date},{x + dx:.0f},{y:.0f}")
    events = tmp_path / "events.csv"
    events.write_text("\n".join(rows) + "\n")
    report, summary = tmp_path / "report.html", tmp_path / "summary.json"
    assert main(["assess", str(borough.folder / "police"), "--out", str(report), "--json", str(summary),
                 "--events", str(events)]) == 0
    knox = json.loads(summary.read_text())["near_repeats"]
    assert knox["events"] == 300 and knox["distance_labels"][1] == "[1, 100) m"
    assert knox["observed"][1][0] >= 150 and knox["ratio"][1][0] > 5 and knox["p"][1][0] <= 0.01
    html = report.read_text()
    assert "Knox ratios" in html and "same-location band" in html
    capsys.readouterr()


def test_assessment_without_events_says_why_there_are_no_near_repeats(borough, tmp_path):
    from saferplaces.evidence.assess import strategic_assessment
    from saferplaces.evidence.report.html import render

    assessment = strategic_assessment([borough.folder / "police"])
    assert assessment.near_repeats is None
    assert "near repeats need exact dates" in render(assessment)


def test_assessment_takes_the_vli_crime_input_from_a_recorded_crime_table(borough, tmp_path):
    from saferplaces.evidence.assess import strategic_assessment

    # Every burglary and criminal damage of the borough recorded in one LSOA, in the data's last year (2024).
    target = borough.lsoa_codes[0]
    lines = ["category_file,LSOA11CD,2023,2024"]
    for code in borough.lsoa_codes:
        n = 500 if code == target else 0
        lines += [f"major-burglary,{code},1,{n}", f"major-arson,{code},1,{n}", f"major-theft-all,{code},1,7"]
    table = tmp_path / "recorded.csv"
    table.write_text("\n".join(lines) + "\n")
    result = strategic_assessment([borough.folder / "police"], [borough.folder / "geography"], bootstrap=0,
                                  simulations=0, recorded_crime=table)
    ward = borough.ward_of[target]
    top = result.vli.units[0]
    assert top.code == ward and top.indices["burglary_dwelling"] == max(u.indices["burglary_dwelling"]
                                                                      for u in result.vli.units)
    assert [u.indices["burglary_dwelling"] for u in result.vli.units if u.code != ward] == [0] * 19
    assert any("recorded crime (recorded.csv, 2024)" in note for note in result.vli.proxy_notes)
    assert not any(note.startswith("police.uk 'Burglary'") for note in result.vli.proxy_notes)
    with pytest.raises(EvidenceError, match="no year 2019 in the recorded crime"):  # before reading police.uk
        strategic_assessment([tmp_path / "no such folder"], recorded_crime=table, recorded_period="2019")
