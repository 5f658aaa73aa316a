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
    assert by_position[(0, 0)]["count"] == 3 and (by_position[(0, 0)]["x"], by_position[(0, 0)]["y"]) == (529050, 181050)
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
