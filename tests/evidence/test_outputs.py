"""Outputs are written whole or not at all, and their paths are checked before any work starts."""

import pytest

from saferplaces.evidence.cli import main
from saferplaces.evidence.errors import ParameterError
from saferplaces.evidence.outputs import check_file, check_files, check_folder, folder_in_place, replacing, write_text

from .police_files import row, write_street


def files_in(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_check_file_refuses_a_missing_folder_a_folder_and_a_file_as_folder(tmp_path):
    assert check_file(tmp_path / "ok.json") == tmp_path / "ok.json"
    with pytest.raises(ParameterError, match=r"report /nonexistent/x.json: the folder /nonexistent does not exist"):
        check_file("/nonexistent/x.json", "report")
    with pytest.raises(ParameterError, match="a folder, not a file name"):
        check_file(tmp_path)
    (tmp_path / "plain").write_text("")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        check_file(tmp_path / "plain" / "x.json")
    with pytest.raises(ParameterError, match="the report and the summary are the same file"):
        check_files({"report": tmp_path / "a.html", "summary": tmp_path / "." / "a.html", "other": None})


def test_a_file_is_replaced_in_one_step_and_a_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    write_text(target, "first")
    assert target.read_text() == "first"
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("failed while writing")
    assert target.read_text() == "first" and files_in(tmp_path) == ["out.txt"]


def test_a_folder_is_filled_only_when_complete(tmp_path):
    target = tmp_path / "made"
    with pytest.raises(RuntimeError), folder_in_place(target) as building:
        (building / "a.csv").write_text("a")
        raise RuntimeError("failed half way")
    assert files_in(tmp_path) == []  # neither the folder nor its temporary sibling
    (target / "keep").mkdir(parents=True)
    (target / "keep" / "mine.txt").write_text("mine")
    (target / "a.csv").write_text("old")
    with folder_in_place(target) as building:
        (building / "sub").mkdir()
        (building / "sub" / "b.csv").write_text("b")
        (building / "a.csv").write_text("new")
    assert files_in(tmp_path) == ["made", "made/a.csv", "made/keep", "made/keep/mine.txt", "made/sub",
                                  "made/sub/b.csv"]
    assert (target / "a.csv").read_text() == "new"
    assert check_folder(tmp_path / "no" / "such") == tmp_path / "no" / "such"  # parents may be made
    with pytest.raises(ParameterError, match="a file, not a folder"):
        check_folder(target / "a.csv")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        check_folder(target / "a.csv" / "below")


def test_assess_refuses_an_unwritable_json_path_before_writing_the_report(tmp_path, capsys):
    write_street(tmp_path / "police" / "2018-01.csv", [row("1")])
    report = tmp_path / "report.html"
    code = main(["assess", str(tmp_path / "police"), "--out", str(report), "--json", "/nonexistent/x.json"])
    err = capsys.readouterr().err
    assert code == 1 and "JSON summary file /nonexistent/x.json: the folder /nonexistent does not exist" in err
    assert "(see --json)" in err
    assert not report.exists()
    assert main(["assess", str(tmp_path / "police"), "--out", str(tmp_path)]) == 1
    assert "report file" in capsys.readouterr().err and files_in(tmp_path) == ["police", "police/2018-01.csv"]
    assert main(["assess", str(tmp_path / "police"), "--out", str(report), "--json", str(report)]) == 1
    assert "the same file" in capsys.readouterr().err and not report.exists()


def test_synth_borough_refuses_a_folder_it_cannot_make_and_leaves_nothing_on_failure(tmp_path, capsys, monkeypatch):
    (tmp_path / "file").write_text("")
    assert main(["synth-borough", str(tmp_path / "file")]) == 1
    assert "a file, not a folder" in capsys.readouterr().err
    assert main(["synth-borough", str(tmp_path / "file" / "b")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err

    from saferplaces.evidence.synthetic import borough

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(borough, "_write_burglary_extract", fail)  # after the geography and police files
    with pytest.raises(OSError):
        main(["synth-borough", str(tmp_path / "new" / "b"), "--months", "2", "--per-month", "50"])
    assert files_in(tmp_path) == ["file"]  # not even the parent folder it made


def test_synth_borough_reports_the_paths_it_wrote(tmp_path):
    from saferplaces.evidence import api

    made = api.synthetic_borough(tmp_path / "b", months=2, per_month=50)
    assert made.folder == tmp_path / "b" and made.burglary_extract == tmp_path / "b" / "extract" / "burglary.csv"
    assert made.burglary_extract.exists() and (tmp_path / "b" / "police").is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["b"]  # no temporary folder left beside it


def test_synth_people_refuses_a_folder_it_cannot_make(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert main(["synth-people", str(tmp_path / "file" / "people"), "--records", "10"]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err and files_in(tmp_path) == ["file"]
    assert main(["synth-people", str(tmp_path / "new" / "people"), "--records", "10"]) == 0
    assert len(list((tmp_path / "new" / "people").glob("*.csv"))) == 4


def test_link_refuses_an_unwritable_review_path_before_linking_or_writing(tmp_path, capsys):
    records = tmp_path / "records.csv"
    records.write_text("source,record_id,forename,surname,dob,postcode\npolice,1,Ann,Lee,1980-01-02,AB1 2CD\n")
    out = tmp_path / "clusters.csv"
    assert main(["link", str(records), "--out", str(out), "--review-out", "/nonexistent/review.csv"]) == 1
    err = capsys.readouterr().err
    assert "review file /nonexistent/review.csv" in err and "(see --review-out)" in err
    assert not out.exists()
