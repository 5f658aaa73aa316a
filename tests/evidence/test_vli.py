"""The Vulnerable Localities Index on a hand-worked three-area example."""

import gzip

import pytest

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.vli import VLIInputs, aggregate, compute, read_inputs

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


def test_input_files_gzipped_or_windows_1252_are_read(tmp_path):
    rows = [dict(ROWS[0], name="Café Quarter"), ROWS[1]]
    text = "\n".join([",".join(COLUMNS)] + [",".join(str(row[c]) for c in COLUMNS) for row in rows]) + "\n"
    path = tmp_path / "vli.csv.gz"
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    assert [row["name"] for row in read_inputs(path).rows] == ["Café Quarter", "B"]
