"""Tiny police.uk files for loader tests."""

import csv
import io

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
          "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]
FORCE = "Metropolitan Police Service"


def row(crime_id="c1", month="2018-01", lon="-0.13", lat="51.51", lsoa="E01004734", crime_type="Burglary",
        outcome="Under investigation", location="On or near High Street", force=FORCE, lsoa_name="Westminster 018A"):
    return [crime_id, month, force, force, lon, lat, location, lsoa, lsoa_name, crime_type, outcome, ""]


def street_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def write_street(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(street_csv(rows), encoding="utf-8")
    return path
