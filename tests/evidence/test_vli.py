"""The Vulnerable Localities Index on a hand-worked three-area example."""

import gzip
import json

import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.vli import VLIInputs, aggregate, compute, read_inputs
from saferplaces.evidence.vli_inputs import build_vli_inputs

COLUMNS = ["code", "name", "ward_code", "ward_name", "population", "households", "burglary_dwelling",
           "criminal_damage_dwelling", "income_deprived", "employment_deprived", "working_age", "aged_15_24",
           "low_attainment", "adults"]


def area(code, ward, burglary, damage, income, employment, young, low):
    # Every denominator is 1,000 so each rate is numerator / 1,000.
    return {"code": code, "name": code, "ward_code": ward, "ward_name": ward, "population": 1000.0,
            "households": 1000.0, "burglary_dwelling": burglary, "criminal_damage_dwelling": damage,
            "income_deprived": income, "employment_deprived": employment, "working_age": 1000.0,
            "aged_15_24": young, "low_attainment": low, "adults": 1000.0}


ROWS = (area("A", "W1", 10, 10, 100, 50, 150, 100),
        area("B", "W1", 20, 10, 200, 100, 150, 200),
        area("C", "W2", 30, 40, 300, 150, 150, 300))


def test_each_indicator_is_indexed_to_the_reference_area_and_averaged():
    result = compute(VLIInputs(ROWS))
    by_code = {u.code: u for u in result.units}
    # Reference rates (all three areas): burglary 60/3000, damage 60/3000, income 600/3000 ...
    # A: burglary 10/1000 ÷ 20/1000 = 50; damage 50; income 50; employment 50; young 100; low 50 → mean 58.33
    assert by_code["A"].indices["burglary_dwelling"] == pytest.approx(50)
    assert by_code["A"].indices["young_people"] == pytest.approx(100)
    assert by_code["A"].vli == pytest.approx(350 / 6)
    # C: 150, 200, 150, 150, 100, 150 → 150
    assert by_code["C"].vli == pytest.approx(150)
    assert [u.code for u in result.units] == ["C", "B", "A"]


def test_reference_area_and_weights_are_configurable():
    result = compute(VLIInputs(ROWS), reference=["A"], weights={"burglary_dwelling": 1.0})
    by_code = {u.code: u for u in result.units}
    assert by_code["A"].vli == pytest.approx(100)
    assert by_code["C"].vli == pytest.approx(300)


def test_aggregating_lsoas_to_wards_sums_numerators_and_denominators():
    wards = aggregate(VLIInputs(ROWS))
    w1 = next(r for r in wards.rows if r["code"] == "W1")
    assert w1["burglary_dwelling"] == 30 and w1["population"] == 2000
    result = compute(wards)
    assert {u.code for u in result.units} == {"W1", "W2"}


def test_without_households_the_dwelling_rates_use_population_and_say_so():
    rows = tuple(dict(r, households=None) for r in ROWS)
    result = compute(VLIInputs(rows))
    assert result.denominators["burglary_dwelling"] == "population"
    assert any("per resident" in note for note in result.proxy_notes)


def test_input_file_errors_name_line_and_column(tmp_path):
    path = tmp_path / "vli.csv"
    lines = [",".join(COLUMNS), ",".join(str(ROWS[0][c]) for c in COLUMNS),
             ",".join("lots" if c == "population" else str(ROWS[1][c]) for c in COLUMNS)]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(EvidenceError, match=r"line 3: population 'lots' is not a number"):
        read_inputs(path)
    (tmp_path / "short.csv").write_text("code,name\nA,A\n")
    with pytest.raises(EvidenceError, match="missing columns"):
        read_inputs(tmp_path / "short.csv")


def test_unknown_reference_codes_are_refused():
    with pytest.raises(EvidenceError, match="reference codes not in the input"):
        compute(VLIInputs(ROWS), reference=["Z"])


# Suppressed deprivation values: unknown, never zero.
SUPPRESSED = (ROWS[0], dict(ROWS[1], employment_deprived=None), ROWS[2])


def test_a_suppressed_value_is_left_out_of_the_rates_not_read_as_zero():
    result = compute(VLIInputs(SUPPRESSED))
    by_code = {u.code: u for u in result.units}
    # Employment reference rate over the known A and C: (50 + 150) / 2,000 = 0.1,
    # so A = 0.05 / 0.1 = 50 (read as zero, B would make it 200 / 3,000 and A = 75).
    assert by_code["A"].indices["employment_deprivation"] == pytest.approx(50)
    assert by_code["C"].indices["employment_deprivation"] == pytest.approx(150)
    # B has no employment index; its VLI is the mean of its other five: 100, 50, 100, 100, 100 → 90.
    assert by_code["B"].indices["employment_deprivation"] is None
    assert by_code["B"].vli == pytest.approx(90)
    assert by_code["B"].suppressed == {"employment_deprivation": ("B",)}
    assert by_code["A"].suppressed == {}


def test_wards_take_rates_over_their_known_lsoas_and_list_the_suppressed_ones():
    all_hidden = (ROWS[0], dict(ROWS[1], employment_deprived=None), dict(ROWS[2], employment_deprived=None))
    wards = {u.code: u for u in compute(aggregate(VLIInputs(all_hidden))).units}
    # Only A is known: reference employment rate 50 / 1,000; W1's rate over A alone is the same → 100.
    assert wards["W1"].indices["employment_deprivation"] == pytest.approx(100)
    assert wards["W1"].suppressed == {"employment_deprivation": ("B",)}
    # W2 (C alone) has none: no index, and its VLI averages the other five indicators.
    assert wards["W2"].indices["employment_deprivation"] is None
    assert wards["W2"].suppressed == {"employment_deprivation": ("C",)}
    # W2 other indices against the 3-area reference: burglary 30/1000 ÷ 20/1000 = 150, damage 40 ÷ 20 = 200,
    # income 300 ÷ 200 = 150, young 100, low 300 ÷ 200 = 150 → mean 150.
    assert wards["W2"].vli == pytest.approx(150)


@pytest.mark.parametrize("mark", ["", "*", "..", "-", "c", "[x]"])
def test_suppression_marks_in_the_input_table_are_read_as_unknown(tmp_path, mark):
    path = tmp_path / "vli.csv"
    lines = [",".join(COLUMNS)] + [",".join(mark if (r is ROWS[1] and c == "employment_deprived") else str(r[c])
                                            for c in COLUMNS) for r in ROWS]
    path.write_text("\n".join(lines) + "\n")
    rows = read_inputs(path).rows
    assert rows[1]["employment_deprived"] is None and rows[0]["employment_deprived"] == 50


def test_iod_files_with_blank_numerators_build_unknown_not_zero(tmp_path):
    (tmp_path / "ind.csv").write_text(
        "lsoa11_code,income_domain_numerator,employment_domain_numerator,"
        "adult_skills_and_english_language_proficiency_indicator\n"
        "E01000001,100,,0.1\nE01000002,c,40,..\n")
    population = "Total population: mid 2015 (excluding prisoners)"
    working = ("Working age population 18-59/64: for use with Employment Deprivation Domain "
               "(excluding prisoners)")
    (tmp_path / "den.csv").write_text(f'LSOA code (2011),"{population}","{working}"\n'
                                      'E01000001,"1,000",600\nE01000002,800,500\n')
    (tmp_path / "age.csv").write_text("LSOA11CD,Persons_16-29\nE01000001,200\nE01000002,150\n")
    inputs = build_vli_inputs({}, [tmp_path / "ind.csv", tmp_path / "den.csv", tmp_path / "age.csv"],
                              {"E01000001": "One", "E01000002": "Two"})
    one, two = inputs.rows
    assert one["employment_deprived"] is None and one["income_deprived"] == 100 and one["population"] == 1000
    assert one["low_attainment"] == pytest.approx(60)
    assert two["income_deprived"] is None and two["low_attainment"] is None and two["employment_deprived"] == 40
    (tmp_path / "ind.csv").write_text("lsoa11_code,income_domain_numerator,employment_domain_numerator,"
                                      "adult_skills_and_english_language_proficiency_indicator\n"
                                      "E01000001,lots,1,0.1\nE01000002,1,1,0.1\n")
    with pytest.raises(EvidenceError, match="E01000001, income_domain_numerator: 'lots' is neither"):
        build_vli_inputs({}, [tmp_path / "ind.csv", tmp_path / "den.csv", tmp_path / "age.csv"],
                         {"E01000001": "One", "E01000002": "Two"})


def test_the_vli_command_says_which_inputs_were_suppressed(tmp_path, capsys):
    path = tmp_path / "vli.csv"
    lines = [",".join(COLUMNS)] + [",".join("*" if (r is ROWS[1] and c == "employment_deprived") else str(r[c])
                                            for c in COLUMNS) for r in ROWS]
    path.write_text("\n".join(lines) + "\n")
    assert main(["vli", str(path)]) == 0
    assert "Suppressed: B employment deprivation in B (no index; the VLI averages the other indicators)" in (
        capsys.readouterr().out)
    assert main(["vli", str(path), "--by", "ward", "--json"]) == 0
    wards = {u["code"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    assert wards["W1"]["suppressed"] == {"employment_deprivation": ["B"]}
    # W1's employment rate is A's alone, 50 / 1,000; the reference over A and C, 200 / 2,000 → 50.
    assert wards["W1"]["indices"]["employment_deprivation"] == pytest.approx(50)


def test_input_files_gzipped_or_windows_1252_are_read(tmp_path):
    rows = [dict(ROWS[0], name="Café Quarter"), ROWS[1]]
    text = "\n".join([",".join(COLUMNS)] + [",".join(str(row[c]) for c in COLUMNS) for row in rows]) + "\n"
    path = tmp_path / "vli.csv.gz"
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    assert [row["name"] for row in read_inputs(path).rows] == ["Café Quarter", "B"]
