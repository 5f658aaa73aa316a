import json

import numpy as np
import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.polygons import count_in_areas, load_areas


def square(x0, y0, size=100):
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


def write_areas(tmp_path):
    # A row of four 100 m squares in National Grid metres, codes A..D.
    features = [{"type": "Feature", "properties": {"LSOA11CD": code, "LSOA11NM": f"Area {code}"},
                 "geometry": {"type": "Polygon", "coordinates": square(500_000 + 100 * i, 200_000)}}
                for i, code in enumerate("ABCD")]
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_events_are_counted_in_areas_and_strays_reported(tmp_path):
    areas = load_areas(write_areas(tmp_path))
    assert areas.codes == ("A", "B", "C", "D") and areas.names[0] == "Area A"
    x = [500_050, 500_150, 500_160, 500_100, 0, 600_000]
    y = [200_050, 200_050, 200_020, 200_050, 0, 200_000]
    counted = count_in_areas(areas, x, y, ids=list("abcdef"))
    # d lies on the edge shared by A and B: it goes to the first listed, A.
    assert counted.counts.tolist() == [2, 2, 0, 0]
    assert counted.area_of_event.tolist() == [0, 1, 1, 0, -1, -1]
    assert counted.strays.ids == ("e", "f")
    assert counted.strays.reasons == ("at (0, 0)", "outside the areas")


def test_files_without_codes_are_refused(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"colour": "red"},
         "geometry": {"type": "Polygon", "coordinates": square(0, 0)}}]}), encoding="utf-8")
    with pytest.raises(EvidenceError, match="no area code property"):
        load_areas(path)


def test_hotspots_command_on_areas(tmp_path, capsys):
    events = tmp_path / "events.csv"
    rows = ["id,date,x,y"] + [f"e{i},2017-01-01,{500_010 + i},200050" for i in range(6)] + \
           ["f1,2017-01-01,500150,200050", "g1,2017-01-01,500350,200050", "s1,2017-01-01,0,0"]
    events.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["hotspots", str(events), "--areas", str(write_areas(tmp_path)), "--permutations", "99",
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [a["code"] for a in payload["areas"]] == ["A", "B", "C", "D"]
    assert [a["count"] for a in payload["areas"]] == [6, 1, 0, 1]
    assert payload["stray_points"]["ids"] == ["s1"]
    # z by hand: values 6, 1, 0, 1 (mean 2, s = sqrt(38/4 - 4) = sqrt(5.5)); area A with B (W = 2):
    # (7 - 4) / (sqrt(5.5) sqrt((8 - 4) / 3)).
    assert payload["areas"][0]["z"] == pytest.approx(3 / (np.sqrt(5.5) * np.sqrt(4 / 3)))
    assert main(["hotspots", str(events), "--areas", str(write_areas(tmp_path)), "--method", "kde"]) == 1
    assert "--areas works with --method gistar or moran" in capsys.readouterr().err
