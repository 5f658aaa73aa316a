"""The one CSV importer, driven by a tiny fake domain: named groups with a size, saved as auth groups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from saferplaces.core import csvimport

COLUMNS = ["name", "size", "note"]
REQUIRED = {"name", "size"}


class GroupRows:
    """A row checker and creator as a domain writes them: a name, a whole-number size, no repeats."""

    def __init__(self, fail_on: str = ""):
        self.names = csvimport.Duplicates(set(Group.objects.values_list("name", flat=True)))
        self.fail_on = fail_on
        self.checked_lines: list[int] = []

    def check(self, line, row):
        self.checked_lines.append(line)
        problems = []
        if not row["name"]:
            problems.append("name is empty")
        elif repeated := self.names.problem(row["name"], line, f"group {row['name']}"):
            problems.append(repeated)
        if not row["size"].isdigit():
            problems.append(f"size '{row['size']}' is not a whole number")
        return row["name"], problems

    def create(self, name):
        if name == self.fail_on:
            raise RuntimeError("the database refused")
        Group.objects.create(name=name)


def run(text, rows=None, **kwargs):
    rows = rows or GroupRows()
    return csvimport.run_import(text, columns=COLUMNS, required=REQUIRED, check=rows.check, create=rows.create,
                                **kwargs)


@pytest.mark.django_db
def test_a_good_file_creates_every_row():
    result = run("name,size,note\nBlue,3,\nGreen,4,spare\n")
    assert result.ok and result.imported == 2 and result.rejected == []
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Blue", "Green"]


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_every_bad_row_is_reported_with_its_line():
    result = run("name,size\nBlue,3\n,x\nRed,4\nBlue,five\n")
    assert not result.ok and result.imported == 0
    assert result.rejected == [
        (3, "name is empty"), (3, "size 'x' is not a whole number"),
        (5, "group Blue repeats line 2"), (5, "size 'five' is not a whole number"),
    ]
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_rows_already_recorded_are_rejected():
    Group.objects.create(name="Blue")
    result = run("name,size\nBlue,3\nGreen,1\n")
    assert result.rejected == [(2, "group Blue is already recorded")]
    assert list(Group.objects.values_list("name", flat=True)) == ["Blue"]


@pytest.mark.django_db
def test_a_failure_while_creating_rolls_back_the_rows_already_created():
    with pytest.raises(RuntimeError):
        run("name,size\nBlue,3\nGreen,4\nRed,5\n", rows=GroupRows(fail_on="Red"))
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_lines_are_the_files_own_lines_counting_blank_lines_and_line_breaks_in_quotes():
    rows = GroupRows()
    result = run('name,size,note\n\nBlue,3,"two\nlines"\nGreen,x,\n', rows=rows)
    assert rows.checked_lines == [3, 5]
    assert result.rejected == [(5, "size 'x' is not a whole number")]


@pytest.mark.django_db
def test_values_are_stripped_missing_values_are_empty_and_extra_values_are_a_problem():
    seen = []

    def check(line, row):
        seen.append(row)
        return row, []

    csvimport.run_import("name , size\n Blue , 3 \nGreen\n", columns=COLUMNS, required=REQUIRED, check=check,
                         create=lambda row: None)
    assert seen == [{"name": "Blue", "size": "3"}, {"name": "Green", "size": ""}]
    result = run("name,size\nBlue,3,surplus\nGreen,4\n")
    assert result.rejected == [(2, "more values than columns")]
    assert not Group.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "problems"), [
    ("name,note", ["missing columns: size"]),
    ("size", ["missing columns: name"]),
    ("name,size,colour,weight", ["unknown columns: colour, weight"]),
    ("name,size,", ["a column in the first row has no name"]),
    ("name,size,name", ["repeated columns: name"]),
    ("note,colour", ["missing columns: name, size", "unknown columns: colour"]),
])
def test_header_problems_are_reported_on_line_one_and_no_row_is_checked(header, problems):
    rows = GroupRows()
    result = run(f"{header}\nBlue,3,x,y\n", rows=rows)
    assert result.rejected == [(1, problem) for problem in problems]
    assert rows.checked_lines == []
    assert not Group.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "problem"), [
    ("", "the file is empty"),
    ("\n\n", "the file is empty"),
    ("name,size\n", "the file has no rows"),
    ("name,size\n\n", "the file has no rows"),
])
def test_an_empty_file_or_a_header_alone_is_refused(text, problem):
    result = run(text)
    assert not result.ok and result.rejected == [(1, problem)]


@pytest.mark.django_db
def test_a_file_over_the_row_limit_is_refused_at_the_first_row_past_it():
    text = "name,size\n" + "".join(f"G{i},{i}\n" for i in range(4))
    assert run(text, max_rows=4).imported == 4
    Group.objects.all().delete()
    result = run(text + "G4,4\nG5,5\n", max_rows=4)
    assert result.rejected == [(6, "more than 4 rows: split the file")]
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_a_byte_order_mark_is_not_part_of_the_first_column_name():
    assert run("\ufeffname,size\nBlue,3\n").imported == 1
    assert run(csvimport.decode("\ufeffname,size\nGreen,3\n".encode())).imported == 1


@pytest.mark.django_db
def test_a_file_the_csv_reader_cannot_read_is_reported_not_raised():
    result = run('name,size\nBlue,3\n"Green' + "x" * 200_000 + '",4\n')
    assert result.rejected[0][0] == 3 and result.rejected[0][1].startswith("the file cannot be read as CSV")
    assert not Group.objects.exists()


def test_decode_accepts_utf8_and_refuses_other_encodings():
    assert csvimport.decode("name\nZoë\n".encode()) == "name\nZoë\n"
    with pytest.raises(csvimport.ImportFileError, match="must be UTF-8 text"):
        csvimport.decode("name\nZoë\n".encode("cp1252"))


def test_dates_accept_two_formats_and_name_the_column_of_a_bad_or_missing_date():
    problems: list[str] = []
    parsed = csvimport.dates({"on": "31/01/2025", "off": "2025-02-30", "by": ""},
                             {"on": True, "off": False, "by": True, "until": False}, problems)
    assert parsed["on"].isoformat() == "2025-01-31" and parsed["off"] is None and parsed["until"] is None
    assert problems == ["off: '2025-02-30' is not a date (use YYYY-MM-DD or DD/MM/YYYY)", "by is empty"]
