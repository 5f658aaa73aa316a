"""The police.uk loader: every quirk of the real files, and bad files refused whole."""

import gzip
import json
import zipfile

import pytest

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.load import load_police
from tests.evidence.police_files import HEADER, row, street_csv, write_street


def crimes(data, columns="*"):
    return data.con.execute(f"SELECT {columns} FROM crimes ORDER BY source_file, source_line").fetchall()


def test_a_plain_file_loads_into_canonical_columns_with_bng_and_source_lines(tmp_path):
    path = write_street(tmp_path / "2018-01-metropolitan-street.csv", [row("a"), row("b", crime_type="Drugs")])
    data = load_police([path])
    got = crimes(data, "crime_id, strftime(month, '%Y-%m'), force, crime_type, source_line, round(x), round(y)")
    assert [g[:5] for g in got] == [("a", "2018-01", "Metropolitan Police Service", "Burglary", 2),
                                    ("b", "2018-01", "Metropolitan Police Service", "Drugs", 3)]
    x, y = got[0][5:]
    assert 529000 < x < 530500 and 180000 < y < 181500  # central London on the National Grid
    assert data.quality.total_rows == 2 and data.quality.crime_rows == 2


def test_quoting_that_first_appears_deep_in_a_file_is_read(tmp_path):
    rows = [row(f"id{i}") for i in range(25000)]
    rows.append(row("late", location="On or near Strand, Charing Cross"))
    data = load_police([write_street(tmp_path / "2018-01-metropolitan-street.csv", rows)])
    late = data.con.execute("SELECT location, source_line FROM crimes WHERE crime_id = 'late'").fetchone()
    assert late == ("On or near Strand, Charing Cross", 25002)


def test_gz_files_folders_and_archive_zips_in_the_police_uk_layout(tmp_path):
    gz = tmp_path / "single" / "2018-02-metropolitan-street.csv.gz"
    gz.parent.mkdir()
    gz.write_bytes(gzip.compress(street_csv([row("g", month="2018-02")]).encode()))
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("2018-03/", "")
        zipped.writestr("2018-03/2018-03-metropolitan-street.csv", street_csv([row("z1", month="2018-03")]))
        zipped.writestr("2018-03/2018-03-btp-street.csv",
                        street_csv([row("z2", month="2018-03", force="British Transport Police")]))
    data = load_police([gz.parent, archive])
    assert sorted(r[0] for r in crimes(data, "crime_id")) == ["g", "z1", "z2"]
    names = {f.name for f in data.quality.files}
    assert "archive.zip:2018-03/2018-03-btp-street.csv" in names
    forces = {force for force, _, _ in data.quality.rows_by_force_month}
    assert forces == {"Metropolitan Police Service", "British Transport Police"}


def test_missing_months_are_flagged_per_force(tmp_path):
    write_street(tmp_path / "a.csv", [row("1", month="2018-01"), row("2", month="2018-04")])
    data = load_police([tmp_path])
    assert data.quality.missing_months["Metropolitan Police Service"] == ("2018-02", "2018-03")


def test_blank_and_zeroed_coordinates_blank_lsoas_and_asb_without_ids(tmp_path):
    rows = [row("a", lon="", lat="", location="No location", lsoa="", lsoa_name=""),
            row("b", lon="0", lat="0"),
            row("", crime_type="Anti-social behaviour", outcome=""),
            row("c")]
    data = load_police([write_street(tmp_path / "f.csv", rows)])
    q = data.quality
    assert (q.blank_coordinates, q.zero_coordinates, q.blank_lsoa, q.asb_rows, q.crime_rows) == (1, 1, 1, 1, 3)
    assert data.con.execute("SELECT count(*) FROM crimes WHERE x IS NULL").fetchone()[0] == 2
    assert data.con.execute("SELECT count(*) FROM crimes WHERE is_asb AND crime_id IS NULL").fetchone()[0] == 1


def test_duplicate_crime_ids_and_lsoa_code_vintages_are_reported(tmp_path):
    rows = [row("dup"), row("dup"), row("new", lsoa="E01035001"), row("old", lsoa="E01004734")]
    q = load_police([write_street(tmp_path / "f.csv", rows)]).quality
    assert q.duplicate_crime_ids == 1 and q.duplicate_examples == ("dup",)
    assert q.lsoa_vintage["2021"] == 1 and q.lsoa_vintage["both"] == 3


def test_api_slugs_and_historic_types_are_canonical(tmp_path):
    rows = [row("a", month="2012-01", crime_type="Violent crime"),
            row("b", month="2012-01", crime_type="Public disorder and weapons")]
    data = load_police([write_street(tmp_path / "2012-01-metropolitan-street.csv", rows)])
    assert data.quality.historic_types == 2


def test_unknown_crime_type_names_file_and_line_and_loads_nothing(tmp_path):
    path = write_street(tmp_path / "f.csv", [row("a"), row("b", crime_type="Jaywalking"), row("c")])
    with pytest.raises(EvidenceError, match=r"f\.csv line 3: unknown crime type 'Jaywalking'"):
        load_police([path])


def test_a_malformed_row_is_a_clear_error(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(row("a")) + "\nonly,three,fields\n")
    with pytest.raises(EvidenceError, match=r"f\.csv: cannot read as a police\.uk CSV"):
        load_police([path])


def test_a_file_that_is_not_police_data_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,age\nx,1\n")
    with pytest.raises(EvidenceError, match=r"notes\.csv line 1: not a police\.uk"):
        load_police([path])


def test_rows_with_malformed_months_refuse_the_load_naming_each_line(tmp_path):
    path = write_street(tmp_path / "f.csv", [row("a"), row("b", month="Jan 2018"), row("c", month="")])
    with pytest.raises(EvidenceError, match=r"Month is blank or not YYYY-MM: 2 row\(s\), first \S*f\.csv line 3, "
                                            r"\S*f\.csv line 4"):
        load_police([path])


def test_outcomes_files_update_outcomes_and_the_latest_month_wins(tmp_path):
    write_street(tmp_path / "2018-01" / "2018-01-metropolitan-street.csv", [row("a"), row("b")])
    outcome_header = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
                      "Outcome type\n")
    (tmp_path / "2018-02").mkdir()
    (tmp_path / "2018-02" / "2018-02-metropolitan-outcomes.csv").write_text(
        outcome_header + "a,2018-02,M,M,,,,,,Suspect charged\n")
    (tmp_path / "2018-03").mkdir()
    (tmp_path / "2018-03" / "2018-03-metropolitan-outcomes.csv").write_text(
        outcome_header + "a,2018-03,M,M,,,,,,Offender sent to prison\n")
    data = load_police([tmp_path])
    assert dict(crimes(data, "crime_id, outcome")) == {"a": "Offender sent to prison", "b": "Under investigation"}
    assert data.quality.outcomes_applied == 1


def test_stop_and_search_files_load_into_their_own_table(tmp_path):
    write_street(tmp_path / "s.csv", [row("a")])
    (tmp_path / "2018-01-metropolitan-stop-and-search.csv").write_text(
        "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
        "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
        "Outcome linked to object of search,Removal of more than just outer clothing\n"
        "Person search,2018-01-01T00:30:00+00:00,False,,51.5,-0.13,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),"
        "Controlled drugs,A no further action disposal,,False\n")
    data = load_police([tmp_path])
    assert data.quality.stop_search_rows == 1
    assert data.con.execute("SELECT \"Object of search\" FROM stop_search").fetchone() == ("Controlled drugs",)


def test_api_crimes_street_json(tmp_path):
    records = [
        {"category": "burglary", "location_type": "Force", "location": {"latitude": "51.51", "longitude": "-0.13",
         "street": {"id": 1, "name": "On or near Strand"}}, "context": "", "outcome_status": None,
         "persistent_id": "p1", "id": 1, "location_subtype": "", "month": "2018-01"},
        {"category": "anti-social-behaviour", "location_type": "BTP", "location": {"latitude": "51.5",
         "longitude": "-0.12", "street": {"id": 2, "name": "On or near Station"}}, "context": "",
         "outcome_status": {"category": "Status update unavailable", "date": "2018-02"},
         "persistent_id": "", "id": 2, "location_subtype": "STATION", "month": "2018-01"},
    ]
    path = tmp_path / "crimes.json"
    path.write_text(json.dumps(records))
    data = load_police([path])
    got = crimes(data, "crime_id, crime_type, force, location, source_line")
    assert got == [("p1", "Burglary", "Unknown force", "On or near Strand", 1),
                   (None, "Anti-social behaviour", "British Transport Police", "On or near Station", 2)]


def test_no_files_is_an_error(tmp_path):
    with pytest.raises(EvidenceError, match="no police.uk files"):
        load_police([tmp_path])
