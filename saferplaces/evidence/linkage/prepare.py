"""Reading, validating and standardising partner person records for linkage.

Record files are CSVs with ``record_id, forename, surname`` and optionally ``source`` (else the
file's name), ``dob, postcode, address, sex, pnc_id, nhs_number, crn``, under these names or the
partner's own (:mod:`.columns`); other columns are ignored. Dates of birth are read as
:mod:`.dates` says. Every bad row is reported (file, line, reason) in one :class:`InputError`, so a
partner can fix the file in one go; nothing is linked from a file with errors. Dates of birth that
are kept although they are not real dates are listed as quality notes.

Standardisation (done in DuckDB SQL, so a million rows take a second or two) produces the columns
the model compares: cleaned names, the canonical forename (nicknames resolved), a name key that is
the same when forename and surname are swapped (and, for a record with no date of birth and no
postcode, the same key again as ``name_only``: its only way to meet other records), the date of
birth with day and month swapped, a date key that is the same either way round, compact postcodes
with sector and district, a cleaned address, and the identifiers in one format.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.linkage.columns import (
    OPTIONAL,
    REQUIRED,
    ColumnMap,
    normalise_map,
    rename_columns,
    source_from_name,
    unused_headers,
)
from saferplaces.evidence.linkage.dates import QualityNote, read_dates
from saferplaces.evidence.linkage.names import NICKNAMES
from saferplaces.evidence.textfiles import open_text, utf8_copy

#: the fields the validation and the model read (a file may lack the optional ones)
FIELDS = ("source", *REQUIRED, *OPTIONAL)
#: most bad rows listed in one error message (the count is always given)
MAX_LISTED = 1000


def read_records(paths: list[str | Path], columns: ColumnMap | None = None) -> pd.DataFrame:
    """All record CSVs as one frame of strings under the engine's field names, with ``_file`` and
    ``_line`` for error messages and a row per file lacking a date-of-birth column in
    ``frame.attrs["no_dob"]``.

    ``columns`` maps fields to the partners' own headers (:mod:`.columns`). Files may be UTF-8,
    Windows-1252 or gzip (:mod:`saferplaces.evidence.textfiles`).
    """
    mapping = normalise_map(columns)
    frames, seen, no_dob = [], set(), []
    with tempfile.TemporaryDirectory(prefix="saferplaces-link-") as workdir:
        for path in paths:
            path = Path(path)
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            readable = utf8_copy(path, workdir)
            try:
                frame = duckdb.connect().read_csv(str(readable), header=True, all_varchar=True).df()
            except duckdb.Error as error:
                raise InputError(f"{path}: not a readable CSV ({str(error).splitlines()[0]})") from error
            seen |= {str(c).strip().lower() for c in frame.columns}
            chosen = rename_columns([str(c) for c in frame.columns], str(path), mapping)
            # Other columns are kept (a truth column, say) under their lower-case names, except one
            # named like a field that the map gave to another column.
            kept = [c for c in frame.columns if c in chosen or str(c).strip().lower() not in FIELDS]
            frame = frame[kept]
            frame.columns = [chosen.get(c) or str(c).strip().lower() for c in kept]
            if "source" not in frame.columns:
                frame["source"] = source_from_name(path)
            if "dob" not in frame.columns:
                no_dob.append(str(path))
            frame["_file"] = str(path)
            frame["_line"] = range(2, len(frame) + 2)
            frames.append(frame)
    if not frames:
        raise InputError("no record files given")
    unused = unused_headers(mapping, seen)
    if unused:
        raise InputError(f"column map: no record file has the column(s) {', '.join(unused)}")
    records = pd.concat(frames, ignore_index=True, sort=False)
    records.attrs["no_dob"] = no_dob
    return records


def read_table(path: str | Path, what: str, need: list[str]) -> pd.DataFrame:
    """A CSV of strings that goes with the record files (previous clusters, labels, pairs to
    evaluate); ``what`` names it in errors."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} {path}: no such file")
    frame = pd.read_csv(open_text(path), dtype=str, keep_default_na=False)
    for column in frame.columns:  # undo the formula guard our own exports add (saferplaces.tabular)
        frame[column] = frame[column].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise InputError(f"{what} {path}: missing column(s) {', '.join(missing)}")
    return frame


def _with_optional(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in FIELDS:
        if column not in frame.columns:
            frame[column] = None
    if "_file" not in frame.columns:
        frame["_file"] = "records"
        frame["_line"] = range(2, len(frame) + 2)
    for column in FIELDS:
        frame[column] = frame[column].astype("string")
    return frame


_PROBLEMS = """
SELECT _file, _line, problem FROM (
  SELECT _file, _line, 'source is blank' AS problem FROM raw WHERE trim(coalesce(source, '')) = ''
  UNION ALL
  SELECT _file, _line, 'record_id is blank' FROM raw WHERE trim(coalesce(record_id, '')) = ''
  UNION ALL
  SELECT _file, _line, 'forename and surname are both blank' FROM raw
   WHERE trim(coalesce(forename, '')) = '' AND trim(coalesce(surname, '')) = ''
  UNION ALL
  SELECT _file, _line, 'sex ' || sex || ' is not M, F, U or blank' FROM raw
   WHERE upper(trim(coalesce(sex, ''))) NOT IN ('', 'M', 'F', 'U', 'X', 'MALE', 'FEMALE', 'UNKNOWN')
  UNION ALL
  SELECT _file, _line, 'nhs_number ' || nhs_number || ' is not 10 digits' FROM raw
   WHERE trim(coalesce(nhs_number, '')) <> ''
     AND NOT regexp_full_match(regexp_replace(nhs_number, '[\\s-]', '', 'g'), '\\d{10}')
  UNION ALL
  SELECT r._file, r._line, 'record_id ' || r.record_id || ' appears more than once in source ' || r.source
    FROM raw r JOIN (SELECT source, record_id FROM raw GROUP BY ALL HAVING count(*) > 1) d
      ON r.source = d.source AND r.record_id = d.record_id
) ORDER BY _file, _line, problem
"""


@dataclass(frozen=True)
class ValidRecords:
    """Records that passed validation: every field present, ``dob`` as ``yyyy-mm-dd`` text (as
    written when it is not a real date), and the quality notes about what was used other than as given."""

    records: pd.DataFrame
    notes: tuple[QualityNote, ...]


def validate_records(frame: pd.DataFrame) -> ValidRecords:
    """Check every row; raise :class:`InputError` listing each bad row (and each file whose dates
    cannot be read), else return the records with all optional fields present (blank where absent)
    and their dates of birth in one form."""
    frame = _with_optional(frame)
    con = duckdb.connect()
    con.register("raw", frame)
    problems = con.execute(_PROBLEMS).fetchall()
    dates = read_dates(frame)
    listed = sorted([(file, line, f"{file} line {line}: {problem}") for file, line, problem in problems]
                    + dates.problems)
    if listed:
        lines = [message for _, _, message in listed[:MAX_LISTED]]
        more = f"\n... and {len(listed) - MAX_LISTED} more" if len(listed) > MAX_LISTED else ""
        raise InputError(f"{len(listed)} problem(s) in the record files; nothing was linked:\n"
                         + "\n".join(lines) + more)
    frame["dob"] = dates.dob
    missing = tuple(QualityNote(file, None, "dob", "", "no date-of-birth column",
                                "its records are matched on name, location and identifiers")
                    for file in frame.attrs.get("no_dob", ()))
    return ValidRecords(frame, missing + tuple(dates.notes))


_STANDARD = """
WITH base AS (
  SELECT _pos AS unique_id,
         -- the first word only: a middle name keyed into the forename field is not part of it
         nullif(regexp_replace(strip_accents(lower(split_part(trim(coalesce(forename, '')), ' ', 1))), '[^a-z]', '',
                'g'), '') AS fn,
         nullif(regexp_replace(strip_accents(lower(coalesce(surname, ''))), '[^a-z]', '', 'g'), '') AS sn,
         nullif(trim(coalesce(dob, '')), '') AS dob,
         nullif(regexp_replace(upper(coalesce(postcode, '')), '[^A-Z0-9]', '', 'g'), '') AS pc,
         nullif(trim(regexp_replace(regexp_replace(lower(coalesce(address, '')), '[^a-z0-9 ]', ' ', 'g'),
                '\\b(flat|apartment|road|rd|street|st|avenue|ave|lane|ln|the)\\b|\\s+', ' ', 'g')), '') AS addr,
         CASE upper(trim(coalesce(sex, ''))) WHEN 'M' THEN 'M' WHEN 'MALE' THEN 'M'
              WHEN 'F' THEN 'F' WHEN 'FEMALE' THEN 'F' END AS sex,
         nullif(regexp_replace(upper(coalesce(pnc_id, '')), '[^A-Z0-9/]', '', 'g'), '') AS pnc,
         nullif(regexp_replace(coalesce(nhs_number, ''), '[^0-9]', '', 'g'), '') AS nhs,
         nullif(regexp_replace(upper(coalesce(crn, '')), '[^A-Z0-9]', '', 'g'), '') AS crn
  FROM raw
), named AS (
  SELECT b.*, coalesce(n.canonical, b.fn) AS fn_canon FROM base b LEFT JOIN nicknames n ON b.fn = n.short
)
SELECT unique_id, fn, sn, fn_canon,
       left(fn_canon, 1) AS fi, left(sn, 1) AS si,
       CASE WHEN fn_canon IS NULL OR sn IS NULL THEN NULL
            ELSE least(fn_canon, sn) || '|' || greatest(fn_canon, sn) END AS name_key,
       CASE WHEN dob IS NULL AND pc IS NULL AND fn_canon IS NOT NULL AND sn IS NOT NULL
            THEN least(fn_canon, sn) || '|' || greatest(fn_canon, sn) END AS name_only,
       dob, substr(dob, 1, 4) AS dob_year,
       CASE WHEN dob IS NOT NULL THEN substr(dob, 1, 5) || substr(dob, 9, 2) || '-' || substr(dob, 6, 2) END
         AS dob_swap,
       CASE WHEN dob IS NOT NULL THEN substr(dob, 1, 4) || least(substr(dob, 6, 2), substr(dob, 9, 2))
                                      || greatest(substr(dob, 6, 2), substr(dob, 9, 2)) END AS dob_key,
       pc,
       CASE WHEN length(pc) >= 5 THEN left(pc, length(pc) - 2) ELSE pc END AS pc_sector,
       CASE WHEN length(pc) >= 5 THEN left(pc, length(pc) - 3) ELSE pc END AS pc_district,
       addr, sex, pnc, nhs, crn
FROM named ORDER BY unique_id
"""


def standardise(frame: pd.DataFrame, con: duckdb.DuckDBPyConnection | None = None,
                table: str | None = None) -> pd.DataFrame | None:
    """The model's comparison columns, one row per record, ``unique_id`` = row position.

    With ``table``, the result stays in ``con`` as that table (no copy out of DuckDB: a million
    rows of strings take seconds to convert) and ``None`` is returned.
    """
    con = con or duckdb.connect()
    raw = frame[list(FIELDS)].copy()
    raw["_pos"] = range(len(raw))  # unique_id is the row position, whatever the scan order
    con.register("raw", raw)
    con.register("nicknames", nickname_table())
    if table:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {_STANDARD}")
        con.unregister("raw")
        return None
    return con.execute(_STANDARD).df()


def nickname_table() -> pd.DataFrame:
    rows: dict[str, str] = {}
    for canonical, shorts in NICKNAMES.items():
        for short in shorts:
            rows.setdefault(short, canonical)
    return pd.DataFrame({"short": list(rows), "canonical": list(rows.values())})
