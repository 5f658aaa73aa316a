import json

import numpy as np
import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.hotspots import gi_star
from saferplaces.evidence.weights import lattice_neighbours

# Eight events in a 400 m x 300 m block of 100 m cells, three of them in one cell, and one
# event geocoded to (0, 0).
CSV = """id,date,x,y
a,2017-01-02,529050,181050
b,2017-01-03,529060,181040
c,2017-01-04,529010,181090
d,2017-01-04,529150,181050
e,2017-02-01,529350,181250
f,2017-03-01,0,0
g,2017-03-02,529250,181150
h,2017-03-05,529050,181150
"""


def run(tmp_path, capsys, *options):
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["hotspots", str(path), *options]) == 0
    out = capsys.readouterr().out

    def refuse(constant):
        raise AssertionError(f"{constant} in JSON")

    return json.loads(out, parse_constant=refuse)


def test_gistar_json_lists_every_cell_with_the_contract_keys(tmp_path, capsys):
    payload = run(tmp_path, capsys, "--cell", "100", "--method", "gistar", "--permutations", "999",
                  "--seed", "1", "--json")
    cells = payload["cells"]
    assert len(cells) == 12  # 3 rows x 4 columns, zero counts included
    for cell in cells:
        assert {"row", "col", "x", "y", "count", "z", "p_sim", "p_fdr", "class"} <= set(cell)
    by_position = {(c["row"], c["col"]): c for c in cells}
    corner = by_position[(0, 0)]
    assert corner["count"] == 3 and (corner["x"], corner["y"]) == (529050, 181050)
    assert sum(c["count"] for c in cells) == 7
    assert payload["stray_points"] == {"count": 1, "by_reason": {"at (0, 0)": 1}, "ids": ["f"]}
    counts = np.array([c["count"] for c in sorted(cells, key=lambda c: (c["row"], c["col"]))], dtype=float)
    expected = gi_star(counts, lattice_neighbours(3, 4), permutations=999, seed=1)
    assert [c["z"] for c in sorted(cells, key=lambda c: (c["row"], c["col"]))] == pytest.approx(expected.z.tolist())
    assert [c["p_sim"] for c in sorted(cells, key=lambda c: (c["row"], c["col"]))] == expected.p_sim.tolist()
    assert payload["permutations"] == 999 and payload["seed"] == 1 and payload["fdr"] is True


def test_other_methods(tmp_path, capsys):
    moran = run(tmp_path, capsys, "--method", "moran", "--permutations", "99", "--json")
    assert {c["quadrant"] for c in moran["cells"]} <= {"HH", "LL", "HL", "LH"}
    kde = run(tmp_path, capsys, "--method", "kde", "--bandwidth", "150", "--json")
    assert max(kde["cells"], key=lambda c: c["density_per_km2"])["count"] == 3
    hexes = run(tmp_path, capsys, "--grid", "hex", "--permutations", "0", "--json")
    assert sum(c["count"] for c in hexes["cells"]) == 7 and all(c["p_sim"] is None for c in hexes["cells"])
    emerging = run(tmp_path, capsys, "--method", "emerging", "--json")
    assert emerging["periods"] == ["2017-01", "2017-02", "2017-03"]
    assert all("class" in c for c in emerging["cells"])


def test_text_summary_and_errors(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["hotspots", str(path), "--permutations", "99"]) == 0
    out = capsys.readouterr().out
    assert "7 events on 12 square cells" in out and "1 stray point(s) left out (1 at (0, 0)): f" in out
    assert main(["hotspots", str(path), "--cell", "0.01"]) == 1
    assert "use a larger cell size" in capsys.readouterr().err


def test_scoring_hot_spots_against_a_later_period(tmp_path, capsys):
    # A 5 x 5 block of 100 m cells (corner events fix the extent) with 4 events in each of the
    # centre 3 x 3 cells: Gi* (no permutations, raw p) finds the centre cell hot (z = 4.85), the
    # corners not. The later period has 4 events: 3 in the centre cell, 1 in a corner.
    lines = ["id,date,x,y", "c1,2017-01-01,500050,200050", "c2,2017-01-01,500450,200450"]
    lines += [f"e{r}{c}{i},2017-01-02,{500150 + 100 * c},{200150 + 100 * r}"
              for r in range(3) for c in range(3) for i in range(4)]
    (tmp_path / "early.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "later.csv").write_text("id,date,x,y\nl1,2017-02-01,500250,200250\nl2,2017-02-01,500240,200260\n"
                                        "l3,2017-02-02,500260,200240\nl4,2017-02-03,500050,200050\n", encoding="utf-8")
    assert main(["hotspots", str(tmp_path / "early.csv"), "--permutations", "0", "--no-fdr",
                 "--score-against", str(tmp_path / "later.csv"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    hot = [c for c in payload["cells"] if c["class"].startswith("hot spot")]
    centre = next(c for c in payload["cells"] if (c["row"], c["col"]) == (2, 2))
    assert centre["z"] == pytest.approx(4.85, abs=0.01) and centre["class"] == "hot spot 99%"
    assert 2 <= len(hot) < 25
    accuracy = payload["accuracy"]
    assert accuracy["hotspot_cells"] == len(hot) and accuracy["cells"] == 25
    assert accuracy["events_in_hotspots"] == 3 and accuracy["later_events_in_grid"] == 4
    assert accuracy["hit_rate"] == pytest.approx(0.75)
    assert accuracy["pai"] == pytest.approx(0.75 / (len(hot) / 25))
    # The best len(hot) cells would hold all 4 later events: PEI = 3 / 4.
    assert accuracy["pei"] == pytest.approx(0.75)


TYPED = """id,date,x,y,crime_type
a,2017-01-02,529050,181050,Burglary
b,2017-01-03,529060,181040,burglary
c,2017-01-04,529010,181090,Robbery
d,2017-01-04,529150,181050,Burglary
e,2017-02-01,529350,181250,Robbery
g,2017-03-02,529250,181150,Burglary
"""


def test_crime_type_keeps_only_that_type(tmp_path, capsys):
    path = tmp_path / "typed.csv"
    path.write_text(TYPED, encoding="utf-8")
    assert main(["hotspots", str(path), "--cell", "100", "--permutations", "99", "--crime-type", "Burglary",
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["crime_type"] == "Burglary" and payload["events"] == 4  # a, b (any case), d, g
    assert sum(c["count"] for c in payload["cells"]) == 4
    assert main(["hotspots", str(path), "--cell", "100", "--permutations", "99", "--crime-type", "robbery"]) == 0
    assert "2 events of Robbery" in capsys.readouterr().out


def test_an_unknown_crime_type_is_refused_with_the_valid_ones(tmp_path, capsys):
    path = tmp_path / "typed.csv"
    path.write_text(TYPED, encoding="utf-8")
    assert main(["hotspots", str(path), "--crime-type", "Burglry"]) != 0
    err = capsys.readouterr().err
    assert "unknown crime type 'Burglry'" in err and "Bicycle theft" in err and "Violence and sexual offences" in err
    assert main(["hotspots", str(path), "--crime-type", "Shoplifting"]) != 0
    assert "no crimes of type Shoplifting; types present: Burglary, Robbery" in capsys.readouterr().err


def test_crime_type_needs_a_type_column(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["hotspots", str(path), "--crime-type", "Burglary"]) != 0
    assert "no crime type column" in capsys.readouterr().err


BOUNDARY = {"type": "Feature", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[528900, 180900], [529500, 180900], [529500, 181400],
                                                             [528900, 181400], [528900, 180900]]]}}


def test_the_map_has_the_classes_the_boundary_and_the_furniture(tmp_path, capsys):
    path, boundary, svg = tmp_path / "typed.csv", tmp_path / "boundary.geojson", tmp_path / "map.svg"
    path.write_text(TYPED, encoding="utf-8")
    boundary.write_text(json.dumps(BOUNDARY), encoding="utf-8")
    assert main(["hotspots", str(path), "--cell", "100", "--permutations", "99", "--boundary", str(boundary),
                 "--map", str(svg)]) == 0
    drawn = svg.read_text()
    assert drawn.startswith("<svg") and 'class="boundary"' in drawn and 'class="scale-bar"' in drawn
    assert 'class="north-arrow"' in drawn and "Open Government Licence v3.0" in drawn
    # Six events on a 6 x 5 grid: nothing reaches significance, and the legend says so.
    assert "no cell or area is significant" in drawn
    assert "Key to numbers" not in drawn  # a bare boundary is outlined, not numbered


def test_outline_needs_a_map(tmp_path, capsys):
    path = tmp_path / "typed.csv"
    path.write_text(TYPED, encoding="utf-8")
    assert main(["hotspots", str(path), "--outline", str(tmp_path / "wards.geojson")]) != 0
    assert "--outline draws areas under a grid on the --map" in capsys.readouterr().err
