"""Person linkage on partner files as they come: impossible and day-first dates of birth, other column
names, no source or dob column, Windows-1252 and gzip, and accuracy on files from a generator
independent of the engine's own (bench/partner_files.py)."""

import gzip
import json

import pandas as pd
import pytest

from bench.partner_files import NAMED_KINDS, VARIANTS, column_map, generate_partner_records, write_partner_files
from saferplaces.evidence import api
from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.linkage import Training, link_records
from saferplaces.evidence.linkage.model import level_labels, predict
from saferplaces.evidence.linkage.prepare import read_records, standardise, validate_records


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def person_of(result, source, record_id):
    c = result.clusters
    return c.loc[(c.source == source) & (c.record_id == record_id), "person_id"].item()


# --- dates of birth ---------------------------------------------------------------------------------


def test_impossible_dates_are_kept_compared_as_written_and_listed(tmp_path):
    police = write(tmp_path / "police.csv", "record_id,forename,surname,dob,postcode\n"
                   "P1,Dawn,Okafor,29/02/1983,W9 3RS\n"      # 1983 is not a leap year
                   "P2,Tariq,Rahman,31/04/1990,NW8 7HH\n")   # April has 30 days
    council = write(tmp_path / "council.csv", "record_id,forename,surname,dob,postcode\n"
                    "C1,Dawn,Okafor,28/02/1983,W9 3RS\n"
                    "C2,Tariq,Rahman,31/04/1990,NW8 7HH\n"   # the same slip, copied between systems
                    "C3,Ruth,Bell,1971-06-05,SE1 7PB\n")
    linkage = api.link_files([police, council])
    result = linkage.result
    assert person_of(result, "police", "P1") == person_of(result, "council", "C1")
    assert person_of(result, "police", "P2") == person_of(result, "council", "C2")
    assert result.clusters["person_id"].nunique() == 3
    # Kept as written, by its parts, and compared as any date: one keystroke away, or the same slip.
    levels = dict(zip(zip(result.pairs.record_id_l, result.pairs.record_id_r, strict=True),
                      level_labels(result.pairs, result.parameters)["dob"], strict=True))
    assert levels[("P1", "C1")] == "one character different" and levels[("P2", "C2")] == "exact"
    assert [(n.file, n.line, n.column, n.value, n.problem, n.action) for n in linkage.summary.quality] == [
        (str(police), 2, "dob", "29/02/1983", "date of birth 1983-02-29 is not a calendar date",
         "record kept; date compared as written"),
        (str(police), 3, "dob", "31/04/1990", "date of birth 1990-04-31 is not a calendar date",
         "record kept; date compared as written"),
        (str(council), 3, "dob", "31/04/1990", "date of birth 1990-04-31 is not a calendar date",
         "record kept; date compared as written")]
    payload = json.loads(api.to_json(linkage.summary))
    assert payload["quality"][0] == {"file": str(police), "line": 2, "column": "dob", "value": "29/02/1983",
                                     "problem": "date of birth 1983-02-29 is not a calendar date",
                                     "action": "record kept; date compared as written"}


def test_a_date_of_birth_in_the_future_is_kept_and_listed():
    records = pd.DataFrame({"source": ["a", "b"], "record_id": ["1", "2"], "forename": ["Ann", "Ann"],
                            "surname": ["Lee", "Lee"], "dob": ["2099-01-01", "1999-01-01"],
                            "postcode": ["W2 4QT", "W2 4QT"]})
    result = link_records(records)
    assert result.clusters["person_id"].nunique() == 1  # 2099 is 1999 with one digit mistyped
    assert [(n.line, n.problem) for n in result.quality] == [(2, "date of birth 2099-01-01 is after today")]


def test_dates_written_every_accepted_way_read_as_one():
    written = ["07/03/1984", "7/3/1984", "1984-03-07", "07-03-1984", "07.03.1984", "7 Mar 1984", "07-Mar-1984",
               "7 March 1984", "07/03/1984 00:00", "1984-03-07 00:00:00", "1984/03/07", ""]
    records = pd.DataFrame({"source": "council", "record_id": [str(i) for i in range(len(written))],
                            "forename": "Maria", "surname": "Kowalska", "dob": written, "postcode": "W9 3RS"})
    valid = validate_records(records)
    assert valid.records["dob"].tolist()[:-1] == ["1984-03-07"] * (len(written) - 1)
    assert pd.isna(valid.records["dob"].iloc[-1]) and valid.notes == ()


def test_a_day_first_file_with_a_few_swapped_dates_keeps_them_for_the_transposed_level():
    # 25/03 can only be day first; 03/26 only month first: a keying slip in a day-first file.
    records = pd.DataFrame({"source": "police", "record_id": ["1", "2", "3"], "forename": ["Kai", "Kai", "Lin"],
                            "surname": ["Moss", "Moss", "Hu"], "dob": ["26/03/1990", "03/26/1990", "25/03/1970"],
                            "postcode": ["N7 6RR", "N7 6RR", "E2 7QQ"]})
    valid = validate_records(records)
    assert valid.records["dob"].tolist() == ["1990-03-26", "1990-26-03", "1970-03-25"]
    assert [n.line for n in valid.notes] == [3]
    pairs, parameters = predict(standardise(valid.records), fixed=True, floor=0.0)
    assert level_labels(pairs, parameters)["dob"].tolist() == ["day/month transposed"]


def test_a_month_first_file_is_refused_with_its_lines():
    records = pd.DataFrame({"source": "police", "record_id": ["1", "2", "3"], "forename": "Kai", "surname": "Moss",
                            "dob": ["03/26/1990", "12/31/1985", "01/02/1970"], "postcode": "N7 6RR"})
    with pytest.raises(InputError) as error:
        link_records(records)
    assert ("records: the dates of birth look month first (mm/dd/yyyy): 2 can only be read that way "
            "(line 2 '03/26/1990', line 3 '12/31/1985') and 0 only day first") in str(error.value)
    assert "nothing was linked" in str(error.value)


def test_unknown_formats_and_two_digit_years_are_refused_per_file(tmp_path):
    good = write(tmp_path / "health.csv", "record_id,forename,surname,dob\nH1,Ann,Lee,1980-01-02\n")
    short = write(tmp_path / "police.csv", "record_id,forename,surname,dob\nP1,Ann,Lee,02/01/80\nP2,Bo,Li,3/4/81\n")
    words = write(tmp_path / "council.csv", "record_id,forename,surname,dob\nC1,Ann,Lee,second of Jan 1980\n")
    with pytest.raises(InputError) as error:
        api.link_files([good, short, words])
    message = str(error.value)
    assert message.startswith("2 problem(s) in the record files; nothing was linked")
    assert (f"{short}: 2 date(s) of birth with a two-digit year (1920 or 2020?): line 2 '02/01/80', "
            "line 3 '3/4/81'; write dates of birth as dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd") in message
    assert f"{words}: 1 date(s) of birth in no format read here: line 2 'second of Jan 1980'" in message
    assert str(good) not in message


def test_every_date_blank_says_so_not_too_few_records(tmp_path):
    rows = "".join(f"P{i},Ann{i},Lee,,W2 4QT\n" for i in range(30))
    police = write(tmp_path / "police.csv", "record_id,forename,surname,dob,postcode\n" + rows)
    council = write(tmp_path / "council.csv", "record_id,forename,surname\nC1,Ann,Lee\n")
    frame = read_records([police, council])  # as the command reads them
    with pytest.raises(InputError) as error:
        link_records(frame, training=Training(min_records=10))  # large enough to be trained
    message = str(error.value)
    assert message.startswith(f"every date of birth is blank (31 records: no date-of-birth column in {council}; "
                              f"blank on every row of {police})")
    assert "too few" not in message
    # Below the training size the fixed parameters need no dates; the file without them is noted.
    result = link_records(frame)
    assert [(n.file, n.line, n.problem) for n in result.quality] == [
        (str(council), None, "no date-of-birth column")]


# --- columns, sources, encodings -----------------------------------------------------------------------


def test_other_column_names_no_source_and_no_dob_column_accepted(tmp_path):
    police = write(tmp_path / "met_police.csv", "URN,First Name,Last Name,Date of Birth,Post Code\n"
                   "M1,Gwendolyn,Pemberton,30/08/1962,E2 7QQ\n", encoding="cp1252")
    council = write(tmp_path / "council.csv", "Case Ref,Given Name,Family Name,Postcode\n"
                    "C1,Gwendolyn,Pemberton,E2 7QQ\n")
    columns = {"record_id": ["URN", "Case Ref"], "forename": ["first name", "Given Name"],
               "surname": ["Last Name", "Family Name"], "dob": "Date of Birth", "postcode": "Post Code"}
    linkage = api.link_files([police, council], columns=columns)
    clusters = linkage.result.clusters
    assert clusters[["source", "record_id"]].values.tolist() == [["met_police", "M1"], ["council", "C1"]]
    assert clusters["person_id"].nunique() == 1  # name and postcode, no date on one side
    assert [(n.file, n.problem) for n in linkage.summary.quality] == [(str(council), "no date-of-birth column")]
    # The same map as a file (one row per column), with the same result.
    mapping = write(tmp_path / "map.csv", "field,column\n" + "".join(
        f"{field},{header}\n" for field, headers in columns.items()
        for header in ([headers] if isinstance(headers, str) else headers)))
    again = api.link_files([police, council], column_map=mapping)
    assert again.result.clusters.equals(clusters)


def test_column_map_mistakes_are_named(tmp_path):
    police = write(tmp_path / "police.csv", "id,First Name,Forename 2,surname\n1,Ann,Anne,Lee\n")
    with pytest.raises(ParameterError, match="'fornames' is not a field of a record file"):
        api.link_files([police], columns={"fornames": "First Name"})
    with pytest.raises(InputError, match=r"no record file has the column\(s\) 'given name' \(forename\)"):
        api.link_files([police], columns={"record_id": "id", "forename": ["First Name", "Given Name"]})
    with pytest.raises(InputError, match="columns 'First Name', 'Forename 2' could each be the forename"):
        api.link_files([police], columns={"record_id": "id", "forename": ["First Name", "Forename 2"]})
    with pytest.raises(ParameterError, match="column 'ID' is given to both record_id and crn"):
        api.link_files([police], columns={"record_id": "id", "crn": "ID"})
    with pytest.raises(InputError) as error:
        api.link_files([police])
    assert str(error.value) == (f"{police}: no column for record_id, forename (record files need record_id, "
                                "forename and surname; its columns are 'id', 'First Name', 'Forename 2', "
                                "'surname'); if the file names them otherwise, give a column map (field=column)")


def test_windows_1252_and_gzip_files_link(tmp_path):
    police = write(tmp_path / "police.csv", "source,record_id,forename,surname,dob,postcode\n"
                   "police,1,Zoë,Núñez,07/03/1984,W9 3RS\n", encoding="cp1252")
    health = tmp_path / "health.csv.gz"
    health.write_bytes(gzip.compress(b"record_id,forename,surname,dob,postcode\nH1,ZOE,NUNEZ,1984-03-07,w93rs\n"))
    result = api.link_files([police, health]).result
    assert result.clusters["source"].tolist() == ["police", "health"]
    assert result.clusters["person_id"].nunique() == 1
    assert level_labels(result.pairs, result.parameters)["name"].tolist() == ["exact"]  # accents and case aside


def test_link_command_with_column_names_and_quality(tmp_path, capsys):
    police = write(tmp_path / "police.csv", "URN,First Name,Surname,DOB,Postcode\n"
                   "M1,Dawn,Okafor,29/02/1983,W9 3RS\nM2,Ian,Hart,1/2/1950,N1 1AA\n")
    council = write(tmp_path / "council.csv", "Ref,Forename,Surname\nC1,Dawn,Okafor\n")
    mapping = write(tmp_path / "map.csv", "field,column\nrecord_id,Ref\n")
    quality = tmp_path / "quality.csv"
    assert main(["link", str(police), str(council), "--out", str(tmp_path / "c.csv"),
                 "--columns", "record_id=URN,forename=First Name", "--column-map", str(mapping),
                 "--quality-out", str(quality)]) == 0
    out = capsys.readouterr().out
    assert "quality: 2 note(s)" in out
    assert f"  {police} line 2: dob '29/02/1983': date of birth 1983-02-29 is not a calendar date; record kept" in out
    notes = pd.read_csv(quality, dtype=str, keep_default_na=False)
    assert notes.columns.tolist() == ["file", "line", "column", "value", "problem", "action"]
    assert notes[["file", "line", "value"]].values.tolist() == [[str(council), "", ""],
                                                                 [str(police), "2", "29/02/1983"]]
    assert pd.read_csv(tmp_path / "c.csv")["source"].tolist() == ["police", "police", "council"]
    # A missing column: the engine's words, then the flags that fix it.
    assert main(["link", str(police), "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert "no column for record_id, forename" in err and err.rstrip().endswith("(see --columns or --column-map)")
    with pytest.raises(SystemExit) as usage:
        main(["link", str(police), "--out", str(tmp_path / "x.csv"), "--columns", "forename"])
    assert usage.value.code == 2
    assert "'forename' is not field=column" in capsys.readouterr().err


# --- accuracy on files from an independent generator ---------------------------------------------------


def test_the_independent_generator_plants_what_it_says(tmp_path):
    paths = write_partner_files(tmp_path, 3000, seed=3)
    assert sorted(p.name for p in paths) == ["council_asb.csv.gz", "met_police.csv", "nhs_trust.csv",
                                             "probation.csv"]
    assert gzip.decompress((tmp_path / "council_asb.csv.gz").read_bytes()).startswith(b"Case Ref,First Name")
    records = generate_partner_records(3000, seed=3)
    frame = pd.concat([pd.DataFrame(r) for r in records.values()], ignore_index=True)
    assert len(frame) == 3000 and frame["truth"].nunique() < 2000
    police = pd.DataFrame(records["met_police"])
    day_first = police["dob"].str.extract(r"^(\d\d)/(\d\d)/\d{4}$").dropna().astype(int)
    assert (day_first[0] > 12).any()  # written day first
    valid = validate_records(frame.drop(columns=["truth"]).assign(_file=frame["source"], _line=range(len(frame))))
    assert 0.005 < len(valid.notes) / len(frame) < 0.03  # impossible dates, about 1.5% of records
    assert frame["forename"].str.isupper().any() and frame["surname"].str.contains("-").any()


@pytest.mark.slow
def test_accuracy_target_on_independent_partner_files(tmp_path):
    # 4,000 records from four agencies' files, with the error kinds issue 19 names, read with the column map.
    paths = write_partner_files(tmp_path, 4000, seed=1, errors=NAMED_KINDS)
    linkage = api.link_files(paths, columns=column_map(), truth_column="truth")
    accuracy = linkage.accuracy
    assert "trained" in linkage.result.model
    assert accuracy.true_pairs > 2000  # enough pairs to mean something
    assert accuracy.pairwise_precision >= 0.99 and accuracy.pairwise_recall >= 0.95
    assert any(n.line is not None for n in linkage.summary.quality)  # impossible dates among them
    assert set(VARIANTS) >= {"named-kinds", "standard", "harsh"}


def test_fixed_parameters_accuracy_on_independent_partner_files(tmp_path):
    # Below 2,000 records: the same model with its fixed parameters, on data it was not set from.
    paths = write_partner_files(tmp_path, 1500, seed=1, errors=NAMED_KINDS)
    linkage = api.link_files(paths, columns=column_map(), truth_column="truth")
    assert "fixed" in linkage.result.model and linkage.accuracy.true_pairs > 800
    assert linkage.accuracy.pairwise_precision >= 0.99 and linkage.accuracy.pairwise_recall >= 0.95


def test_wholly_different_forenames_are_reviewed_not_linked():
    # A mother and her son at one address, his date of birth missing: surname and address agree, as
    # they do within any household; the forenames do not, so a caseworker decides.
    records = pd.DataFrame({"source": ["police", "council"], "record_id": ["1", "2"], "forename": ["Kerry", "Graham"],
                            "surname": ["Fernnock", "Fernnock"], "dob": ["1975-05-12", ""],
                            "postcode": ["W1 1AB", "W1 1AB"], "address": ["1 Bell Street", "1 Bell Street"]})
    result = link_records(records)
    pair = result.pairs.set_index(["record_id_l", "record_id_r"]).loc[("1", "2")]
    assert pair["match_probability"] >= 0.9 and not pair["linked"]
    assert ("1", "2") in set(zip(result.review.record_id_l, result.review.record_id_r, strict=True))
    assert person_of(result, "police", "1") != person_of(result, "council", "2")
    # A short form of the forename is one name written two ways: linked on the score.
    records.loc[1, "forename"] = "Ker"
    assert link_records(records).clusters["person_id"].nunique() == 1
