"""Police and partner files as analysts have them: other encodings, gzip, the same month twice,
the API's records and flat CSV, and impossible values refused with their file and line."""

import datetime
import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import EvidenceError, InputError
from saferplaces.evidence.events import load_events
from saferplaces.evidence.geography import load_geography
from saferplaces.evidence.harm import load_weights
from saferplaces.evidence.load import load_police
from saferplaces.evidence.load.files import discover
from saferplaces.evidence.load.forces import force_in_path, force_name
from tests.evidence.police_files import FORCE, row, street_csv, write_street
from tests.evidence.tiny_geography import write_geography

OUTCOMES_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
                   "Outcome type\n")
STOP_HEADER = ("Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
               "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
               "Outcome linked to object of search,Removal of more than just outer clothing\n")
API_HEADER = ("month,crime_id,api_id,category,location_type,location_subtype,latitude,longitude,street_id,"
              "street_name,context,outcome_category,outcome_date\n")


def crimes(data, columns):
    return data.con.execute(f"SELECT {columns} FROM crimes ORDER BY source_file, source_line").fetchall()


def api_record(api_id, persistent_id="", category="burglary", location_type="Force", month="2018-01"):
    return {"category": category, "location_type": location_type, "location": {
        "latitude": "51.51", "longitude": "-0.13", "street": {"id": 1, "name": "On or near Strand"}},
        "context": "", "outcome_status": None, "persistent_id": persistent_id, "id": api_id,
        "location_subtype": "", "month": month}


# -- encodings and compression --------------------------------------------------------------------

def test_windows_1252_street_outcomes_and_stop_search_files_are_read(tmp_path):
    folder = tmp_path / "2018-01"
    folder.mkdir()
    text = street_csv([row("a", location="On or near Café Royal"), row("b", location="On or near ‘The Mall’")])
    (folder / "2018-01-metropolitan-street.csv").write_bytes(text.encode("cp1252"))
    (folder / "2018-01-metropolitan-outcomes.csv").write_bytes(
        (OUTCOMES_HEADER + "a,2018-01,M,M,,,,,,Offender given a penalty – £90\n").encode("cp1252"))
    (folder / "2018-01-metropolitan-stop-and-search.csv").write_bytes(
        (STOP_HEADER + "Person search,2018-01-01T00:30:00+00:00,False,,51.5,-0.13,Male,18-24,,,"
                       "Misuse of Drugs Act 1971 (section 23),Café search,A no further action disposal,,False\n"
         ).encode("cp1252"))
    data = load_police([tmp_path])
    assert crimes(data, "location, outcome, source_line") == [
        ("On or near Café Royal", "Offender given a penalty – £90", 2),
        ("On or near ‘The Mall’", "Under investigation", 3)]
    assert data.con.execute('SELECT "Object of search" FROM stop_search').fetchone() == ("Café search",)


def test_gzipped_windows_1252_and_byte_order_marked_files_are_read(tmp_path):
    text = street_csv([row("a", location="On or near Rue de Café")])
    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(text.replace("2018-01", "2018-02").encode("cp1252")))
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    got = crimes(load_police([tmp_path]), "location, strftime(month, '%Y-%m')")
    assert got == [("On or near Rue de Café", "2018-02"), ("On or near Rue de Café", "2018-01")]


def test_text_in_no_known_encoding_is_refused_naming_the_file_and_line(tmp_path):
    path = tmp_path / "odd.csv"
    # 0x81 is undefined in Windows-1252 and invalid alone in UTF-8.
    path.write_bytes(street_csv([row("a"), row("b", location="On or near \x00")]).encode().replace(b"\x00", b"\x81"))
    with pytest.raises(InputError, match=r"odd\.csv line 3: the text is neither UTF-8 nor Windows-1252"):
        load_police([path])


def test_partner_files_gzipped_or_windows_1252_are_read(tmp_path):
    folder = write_geography(tmp_path / "geo")
    lookup = (folder / "lookup.csv").read_text().replace("Northward", "St James’s")
    (folder / "lookup.csv").unlink()
    (folder / "lookup.csv.gz").write_bytes(gzip.compress(lookup.encode("cp1252")))
    boundaries = folder / "lsoas.geojson"
    (folder / "lsoas.geojson.gz").write_bytes(gzip.compress(boundaries.read_bytes()))
    boundaries.unlink()
    deprivation = folder / "imd.csv.gz"
    deprivation.write_bytes(gzip.compress("LSOA code (2011),Income Score\nE01000001,0.1\n".encode("cp1252")))
    geography = load_geography(folder)
    assert geography.lsoa_to_ward["E01000003"] == ("E05000002", "St James’s")
    assert len(geography.lsoas) == 4
    assert geography.extra_files == [deprivation]  # kept for the VLI, read there through the same reader

    weights = tmp_path / "weights.csv"
    table = "".join(f"{name},{3 if name == 'Burglary' else 1},café\n" for name in crime_types.CURRENT)
    weights.write_bytes(("crime_type,weight,note\n" + table).encode("cp1252"))
    assert load_weights(str(weights)).weight("Burglary") == 3
    events = tmp_path / "events.csv.gz"
    events.write_bytes(gzip.compress("id,date,x,y,crime_type\né1,2017-01-02,529000,181000,Burglary\n".encode("cp1252")))
    assert list(load_events(events).ids) == ["é1"]


# -- duplicates --------------------------------------------------------------------------------------

def test_a_zip_and_its_extracted_folder_count_each_month_once_and_report_the_drop(tmp_path):
    extracted = tmp_path / "download"
    write_street(extracted / "2018-01" / "2018-01-metropolitan-street.csv", [row("a"), row("b"), row("")])
    write_street(extracted / "2018-02" / "2018-02-metropolitan-street.csv", [row("c", month="2018-02")])
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(extracted / "2018-01" / "2018-01-metropolitan-street.csv",
                     "2018-01/2018-01-metropolitan-street.csv")
    data = load_police([extracted, archive])
    assert data.quality.total_rows == 4
    assert sorted(r[0] or "" for r in crimes(data, "crime_id")) == ["", "a", "b", "c"]
    (dropped,) = data.quality.dropped
    assert dropped.rows == 3
    assert dropped.examples == (f"download.zip:2018-01/2018-01-metropolitan-street.csv line 2 ({FORCE} 2018-01, "
                                f"already read from {extracted / '2018-01' / '2018-01-metropolitan-street.csv'})",)
    assert data.quality.duplicate_crime_ids == 0


def test_the_same_file_given_twice_counts_once(tmp_path):
    path = write_street(tmp_path / "2018-01-metropolitan-street.csv", [row("a"), row("b")])
    data = load_police([path, path])
    assert data.quality.total_rows == 2
    assert data.quality.dropped[0].rows == 2
    assert "(given again)" in data.quality.dropped[0].examples[0]


def test_different_forces_in_the_same_month_are_not_overlaps(tmp_path):
    write_street(tmp_path / "2018-01-metropolitan-street.csv", [row("a")])
    write_street(tmp_path / "2018-01-btp-street.csv", [row("b", force="British Transport Police")])
    data = load_police([tmp_path])
    assert data.quality.total_rows == 2 and data.quality.dropped == ()


def test_api_json_is_deduplicated_on_its_id_and_takes_the_force_given(tmp_path):
    (tmp_path / "ward1.json").write_text(json.dumps([api_record(1, "p1"), api_record(2, "p2")]))
    (tmp_path / "ward2.json").write_text(json.dumps([api_record(2, "p2"), api_record(3, "", "anti-social-behaviour",
                                                                                      "BTP")]))
    data = load_police([tmp_path], force="metropolitan")
    assert crimes(data, "crime_id, force, crime_type, source_line") == [
        ("p1", FORCE, "Burglary", 1), ("p2", FORCE, "Burglary", 2),
        (None, "British Transport Police", "Anti-social behaviour", 2)]
    (dropped,) = data.quality.dropped
    assert dropped.rows == 1 and dropped.examples[0].endswith("ward2.json line 1")
    assert "same API id" in dropped.reason


def test_api_force_comes_from_the_folder_name_else_it_is_unknown_and_said(tmp_path):
    folder = tmp_path / "city-of-london"
    folder.mkdir()
    (folder / "2018_01.json").write_text(json.dumps([api_record(1)]))
    assert crimes(load_police([folder]), "force") == [("City of London Police",)]
    (tmp_path / "london_month_2018_01.json").write_text(json.dumps([api_record(2)]))
    quality = load_police([tmp_path / "london_month_2018_01.json"]).quality
    assert quality.rows_by_force_month == (("Unknown force", "2018-01", 1),)
    assert any("name no force" in line for line in quality.findings())


def test_forces_are_named_by_identifier_or_name_and_found_in_paths():
    assert force_name("metropolitan") == force_name("Metropolitan Police Service") == FORCE
    assert force_name("north wales") == "North Wales Police"
    with pytest.raises(EvidenceError, match="not a police.uk force"):
        force_name("Gotham City Police")
    assert force_in_path("data/2018-01/2018-01-west-midlands-street.json") == "West Midlands Police"
    assert force_in_path("london_month_2018_01/crime_month_2018_01_area_E05000630_0.json") is None
    assert force_in_path("kent-and-essex.json") is None  # two forces: neither is assumed


# -- the API's flat CSV ----------------------------------------------------------------------------

def test_the_api_flat_csv_reads_like_the_archive_layout(tmp_path):
    path = tmp_path / "westminster_street_api.csv.gz"
    text = (API_HEADER
            + "2018-01,p1,11,violent-crime,Force,,51.51,-0.13,5,On or near Strand,,Under investigation,2018-02\n"
            + "2018-01,,12,anti-social-behaviour,BTP,STATION,51.50,-0.12,6,On or near Station,,,\n"
            + "2018-01,p1,11,violent-crime,Force,,51.51,-0.13,5,On or near Strand,,Under investigation,2018-02\n"
            + "2018-02,p3,13,criminal-damage-arson,Force,,51.52,-0.14,7,On or near Café Row,,,\n")
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    data = load_police([path], force="Metropolitan Police Service")
    assert crimes(data, "crime_id, strftime(month, '%Y-%m'), force, crime_type, location, outcome, source_line") == [
        ("p1", "2018-01", FORCE, "Violence and sexual offences", "On or near Strand", "Under investigation", 2),
        (None, "2018-01", "British Transport Police", "Anti-social behaviour", "On or near Station", None, 3),
        ("p3", "2018-02", FORCE, "Criminal damage and arson", "On or near Café Row", None, 5)]
    assert data.quality.files[0].kind == "api_csv"
    assert data.quality.dropped[0].rows == 1 and data.quality.dropped[0].examples == (f"{path} line 4",)


def test_api_csv_with_the_api_field_names_persistent_id_and_id(tmp_path):
    path = tmp_path / "crimes.csv"
    path.write_text("id,persistent_id,month,category,location_type,latitude,longitude\n"
                    "1,p1,2018-01,bicycle-theft,Force,51.5,-0.1\n")
    assert crimes(load_police([path], force="metropolitan"), "crime_id, crime_type") == [("p1", "Bicycle theft")]


def test_the_api_csv_and_the_archive_of_the_same_months_count_once(tmp_path):
    write_street(tmp_path / "2018-01" / "2018-01-metropolitan-street.csv", [row("p1"), row("p2")])
    (tmp_path / "api.csv").write_text(API_HEADER + "2018-01,p1,11,burglary,Force,,51.51,-0.13,5,On or near X,,,\n")
    data = load_police([tmp_path], force="metropolitan")
    assert data.quality.total_rows == 2
    assert data.quality.dropped[0].rows == 1


# -- impossible values -----------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize("month, message", [
    ("2099-01", r"Month is before police.uk began \(2010-12\) or after the current month \(2026-11\): 1 row\(s\)"),
    ("2010-11", r"Month is before police.uk began \(2010-12\)"),
    ("2026-12", r"after the current month \(2026-11\)"),
    ("2018-13", r"Month is blank or not YYYY-MM"),
])
def test_impossible_months_refuse_the_load_naming_file_and_line(tmp_path, month, message):
    path = write_street(tmp_path / "f.csv", [row("a"), row("b", month=month)])
    with pytest.raises(InputError, match=message + r".*f\.csv line 3"):
        load_police([path], today=TODAY)


def test_the_first_and_the_current_month_are_accepted(tmp_path):
    path = write_street(tmp_path / "f.csv", [row("a", month="2010-12"), row("b", month="2026-11")])
    assert load_police([path], today=TODAY).quality.total_rows == 2


@pytest.mark.parametrize("lon, lat, message", [
    ("abc", "51.5", "Longitude or Latitude is not a number"),
    ("-0.1", "nan", "Longitude or Latitude is not a number"),
    ("-181", "51.5", "Longitude is outside -180..180 or Latitude outside -90..90"),
    ("-0.1", "95", "Longitude is outside -180..180 or Latitude outside -90..90"),
])
def test_impossible_coordinates_refuse_the_load_naming_file_and_line(tmp_path, lon, lat, message):
    path = write_street(tmp_path / "f.csv", [row("a"), row("b"), row("c", lon=lon, lat=lat)])
    with pytest.raises(InputError, match=message + r": 1 row\(s\), first \S*f\.csv line 4"):
        load_police([path])


def test_a_position_outside_the_uk_is_counted_not_mapped_and_reported(tmp_path):
    data = load_police([write_street(tmp_path / "f.csv", [row("a"), row("b", lon="2.35", lat="48.85")])])
    assert crimes(data, "crime_id, x IS NULL, longitude") == [("a", False, -0.13), ("b", True, None)]
    assert (data.quality.outside_uk, data.quality.blank_coordinates) == (1, 0)
    assert any("outside the United Kingdom" in line for line in data.quality.findings())


def test_a_file_named_for_one_month_holding_another_is_refused(tmp_path):
    write_street(tmp_path / "2016-02" / "2016-02-metropolitan-street.csv",
                 [row("a", month="2016-02"), row("b", month="2016-01")])
    with pytest.raises(InputError, match=r"the file is named 2016-02 but 1 row\(s\) are for another month \(2016-01\), "
                                         r"first \S*2016-02-metropolitan-street\.csv line 3"):
        load_police([tmp_path])


def test_every_problem_is_listed_at_once(tmp_path):
    path = write_street(tmp_path / "f.csv", [row("a", month="2099-01"), row("b", lon="abc")])
    with pytest.raises(InputError) as caught:
        load_police([path], today=TODAY)
    assert "f.csv line 2" in str(caught.value) and "f.csv line 3" in str(caught.value)


def test_zip_members_are_named_in_errors(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("2018-01/2018-01-metropolitan-street.csv", street_csv([row("a", lon="abc")]))
    with pytest.raises(InputError, match=r"download\.zip:2018-01/2018-01-metropolitan-street\.csv line 2"):
        load_police([archive])


def test_a_utf8_file_is_read_where_it_is_and_a_gzipped_one_is_decompressed_once(tmp_path):
    plain = write_street(tmp_path / "a" / "2018-01-metropolitan-street.csv", [row("a")])
    packed = tmp_path / "b" / "2018-02-metropolitan-street.csv.gz"
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(street_csv([row("b", month="2018-02")]).encode()))
    sources = discover([tmp_path], tmp_path / "work")
    assert sources[0].path == plain  # DuckDB reads it; Python never decodes it
    assert sources[1].path.parent.parent.parent == tmp_path / "work" and sources[1].path.read_text().count("\n") == 2


def test_the_quality_command_does_not_import_the_analyses(tmp_path):
    write_street(tmp_path / "2018-01-metropolitan-street.csv", [row("a")])
    code = ("import sys; from saferplaces.evidence.cli import main; main(['quality', sys.argv[1]]); "
            "print(sorted(m for m in ('scipy.stats', 'splink', 'numba', 'pandas', 'saferplaces.evidence.assess') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_only_a_police_uk_monthly_street_file_name_promises_its_month(tmp_path):
    (tmp_path / "2018-01-to-2018-02-api.csv").write_text(
        API_HEADER + "2018-01,p1,11,burglary,Force,,51.51,-0.13,5,On or near X,,,\n"
        "2018-02,p2,12,burglary,Force,,51.51,-0.13,5,On or near X,,,\n")
    write_street(tmp_path / "2018-03-notes.csv", [row("c", month="2018-04")])
    assert load_police([tmp_path], force="metropolitan").quality.total_rows == 3


def test_a_police_uk_file_is_kept_over_the_apis_records_of_the_same_month(tmp_path):
    (tmp_path / "a-api.csv").write_text(API_HEADER + "2018-01,p1,11,burglary,Force,,51.51,-0.13,5,On or near X,,,\n")
    write_street(tmp_path / "z" / "2018-01-metropolitan-street.csv", [row("p1"), row("p2")])
    data = load_police([tmp_path], force="metropolitan")
    assert sorted(r[0] for r in crimes(data, "crime_id")) == ["p1", "p2"]
    assert data.quality.dropped[0].rows == 1 and data.quality.dropped[0].examples[0].startswith(
        f"{tmp_path / 'a-api.csv'} line 2")
