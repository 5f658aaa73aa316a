"""A four-LSOA, two-ward geography in central London, written as real-format files."""

import json


def square(lon, lat, size=0.01):
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


LSOAS = {  # code → (name, ward code, lower-left corner)
    "E01000001": ("Tiny 001A", "E05000001", (-0.14, 51.50)),
    "E01000002": ("Tiny 001B", "E05000001", (-0.13, 51.50)),
    "E01000003": ("Tiny 002A", "E05000002", (-0.14, 51.51)),
    "E01000004": ("Tiny 002B", "E05000002", (-0.13, 51.51)),
}
WARDS = {"E05000001": "Southward", "E05000002": "Northward"}


def write_geography(folder, with_lookup=True):
    folder.mkdir(parents=True, exist_ok=True)
    features = [{"type": "Feature", "properties": {"LSOA11CD": code, "LSOA11NM": name},
                 "geometry": {"type": "Polygon", "coordinates": square(*corner)}}
                for code, (name, _, corner) in LSOAS.items()]
    (folder / "lsoas.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    wards = [{"type": "Feature", "properties": {"wd19cd": "E05000001", "wd19nm": "Southward"},
              "geometry": {"type": "Polygon", "coordinates": [[[-0.14, 51.50], [-0.12, 51.50], [-0.12, 51.51],
                                                               [-0.14, 51.51], [-0.14, 51.50]]]}},
             {"type": "Feature", "properties": {"wd19cd": "E05000002", "wd19nm": "Northward"},
              "geometry": {"type": "Polygon", "coordinates": [[[-0.14, 51.51], [-0.12, 51.51], [-0.12, 51.52],
                                                               [-0.14, 51.52], [-0.14, 51.51]]]}}]
    (folder / "wards.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": wards}))
    if with_lookup:
        lines = ["FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM"]
        lines += [f"{i},{code},{name},{ward},{WARDS[ward]},E09000099,Tinyborough"
                  for i, (code, (name, ward, _)) in enumerate(LSOAS.items())]
        (folder / "lookup.csv").write_text("\n".join(lines) + "\n")
    return folder
