"""The one text reader: UTF-8 with or without BOM, Windows-1252 and gzip are read; anything else is refused."""

import gzip

import pytest

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.textfiles import first_line, open_text, read_text, utf8_copy

TEXT = "name,place\nZoë,Café £5 “quoted”\n"


def test_utf8_with_and_without_bom_read_the_same(tmp_path):
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes(TEXT.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_text(plain) == read_text(bom) == TEXT


def test_windows_1252_is_decoded(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    assert len(TEXT.encode("cp1252")) < len(TEXT.encode("utf-8"))  # single-byte £, ë, é and quotes
    assert read_text(path) == TEXT


def test_gzip_is_recognised_by_its_bytes_whatever_the_name(tmp_path):
    named, unnamed = tmp_path / "lookup.csv.gz", tmp_path / "lookup.csv"
    named.write_bytes(gzip.compress(TEXT.encode("cp1252")))
    unnamed.write_bytes(gzip.compress(TEXT.encode("utf-8")))
    assert read_text(named) == read_text(unnamed) == TEXT
    assert open_text(named).read() == TEXT


def test_other_encodings_are_refused_naming_the_file_and_line(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("a,b\n".encode("ascii") + b"x,\x81\x9d\n")  # bytes undefined in Windows-1252
    with pytest.raises(InputError, match=r"utf16\.csv line 2: .*neither UTF-8 nor Windows-1252"):
        read_text(path)


def test_broken_gzip_is_refused(tmp_path):
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(gzip.compress(TEXT.encode())[:12])
    with pytest.raises(InputError, match="not a readable gzip file"):
        read_text(path)


def test_utf8_copy_keeps_plain_files_and_decodes_the_rest(tmp_path):
    plain, latin, zipped = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv.gz"
    plain.write_bytes(TEXT.encode("utf-8"))
    latin.write_bytes(TEXT.encode("cp1252"))
    zipped.write_bytes(gzip.compress(b"\xef\xbb\xbf" + TEXT.encode("utf-8")))
    assert utf8_copy(plain, tmp_path) == plain
    for source in (latin, zipped):
        copy = utf8_copy(source, tmp_path)
        assert copy != source and copy.read_text(encoding="utf-8") == TEXT


def test_first_line_reads_the_header_only(tmp_path):
    path = tmp_path / "big.csv"
    # A byte that is neither UTF-8 nor Windows-1252 after the header: the header read never reaches it.
    path.write_bytes(b"Crime ID,Month\r\n" + b"a,2018-01\n" * 1000 + b"\x81\n")
    assert first_line(path) == "Crime ID,Month"
    zipped = tmp_path / "h.csv.gz"
    zipped.write_bytes(gzip.compress("Caf\u00e9,Month\nx,y\n".encode("cp1252")))
    assert first_line(zipped) == "Caf\u00e9,Month"
    (tmp_path / "empty.csv").write_bytes(b"")
    assert first_line(tmp_path / "empty.csv") == ""
