"""The hash chain that makes the audit log tamper-evident.

Each row of a chained table carries its place in the chain (``chain_seq``), the hash of the row
before it (``chain_prev``) and its own hash (``chain_hash``): SHA-256 over the previous hash and a
canonical serialisation of the row's fields. Changing, removing, inserting or reordering rows with
raw SQL leaves a link that no longer holds, and :func:`verify` names the rows where it breaks.

Appends are serialised so that two writers never chain onto the same row: on PostgreSQL by a
transaction-scoped advisory lock (held until the writer's transaction ends, needing no privilege
beyond INSERT and SELECT on the tables); on SQLite, the demo database, by starting every transaction
with the write lock (``transaction_mode`` IMMEDIATE in settings). The unique ``chain_seq`` refuses a
fork in any case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

GENESIS = "0" * 64
CHAIN_FIELDS = ("chain_seq", "chain_prev", "chain_hash")
#: The fields of each chained table that may name a person, and the value each takes once erased
#: (docs/decisions/0006). A row's hash covers a salted digest of them (``values_digest``) instead of the
#: values themselves, so that erasing them (and the salt) leaves the chain intact. Keyed by model label
#: so that migrations' historical models are read the same way.
ERASABLE: dict[str, dict[str, object]] = {
    "audit.accessevent": {"record_label": "", "justification": "", "detail": {}},
    "audit.changerecord": {"before": None, "after": None, "reason": None},
}
DIGEST_FIELDS = ("values_digest", "values_salt")
# One lock for every chained table: a transaction that writes a change record and an access event
# takes it once, so two such transactions cannot deadlock on the audit tables.
_ADVISORY_LOCK_KEY = 0x5AFE_A0D1


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def erasable(row) -> dict[str, object]:
    """The erasable fields of ``row``'s table and their erased values (empty for a table with none)."""
    return ERASABLE.get(row._meta.label_lower, {})


def _digestible(row) -> bool:
    return bool(erasable(row)) and any(f.attname == "values_digest" for f in row._meta.concrete_fields)


def values_digest(row, salt: str) -> str:
    """SHA-256 over ``salt`` and a canonical serialisation of ``row``'s erasable fields. The salt, random
    per row and erased with the values, keeps the digest from confirming a guessed value afterwards."""
    values = {name: _plain(getattr(row, name)) for name in erasable(row)}
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{salt}\n{canonical}".encode()).hexdigest()


def is_erased(row) -> bool:
    """Whether ``row``'s erasable values were erased (its digest stays, its salt is gone)."""
    return getattr(row, "values_digest", None) is not None and row.values_salt is None


def hashed_values(row) -> dict:
    """The fields a row's hash covers: every concrete field but the id and its own hash; for a row with
    a ``values_digest``, that digest in place of its erasable fields (and their salt).

    ``None`` is left out, so that a nullable field added to an audit table later, NULL on the rows
    written before it, does not change those rows' hashes.
    """
    digested = getattr(row, "values_digest", None) is not None
    skipped = {"chain_prev", "chain_hash", "values_salt", *(erasable(row) if digested else ())}
    values = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or field.attname in skipped:
            continue
        value = getattr(row, field.attname)
        if value is not None:
            values[field.attname] = _plain(value)
    return values


def link(prev_hash: str, values: dict) -> str:
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def head(model) -> tuple[int, str]:
    """The last position and hash of ``model``'s chain (to record outside the database)."""
    last = model._base_manager.order_by("-chain_seq").values_list("chain_seq", "chain_hash").first()
    return last or (0, GENESIS)


def seal(rows: Sequence, seq: int, prev: str) -> None:
    """Give ``rows`` (new, in order) their places after the row ``seq`` whose hash is ``prev``."""
    for row in rows:
        if _digestible(row) and row.values_digest is None:
            row.values_salt = secrets.token_hex(16)
            row.values_digest = values_digest(row, row.values_salt)
        seq += 1
        row.chain_seq, row.chain_prev = seq, prev
        row.chain_hash = prev = link(prev, hashed_values(row))


def seal_new(model, rows: Sequence) -> None:
    """Lock ``model``'s chain and seal ``rows`` onto its end. Call inside the transaction that
    inserts them: the lock is held until the outermost transaction ends."""
    _lock()
    seal(rows, *head(model))


@dataclass(frozen=True)
class Break:
    """One place where a chain does not hold."""

    row_id: int
    seq: int
    problem: str

    def __str__(self):
        return f"row id {self.row_id} (chain position {self.seq}): {self.problem}"


def verify(model) -> Iterator[Break]:
    """Walk ``model``'s chain in order and yield every break: a row whose fields no longer give its
    hash (edited), a missing position (deleted), a row that does not follow the one before it
    (inserted, reordered or the one before rewritten), and rows out of insertion order."""
    expected_seq, prev_hash, prev_id = 1, GENESIS, None
    for row in model._base_manager.order_by("chain_seq", "id").iterator(chunk_size=2000):
        if row.chain_seq != expected_seq:
            if row.chain_seq > expected_seq:
                missing = (f"position {expected_seq}" if row.chain_seq == expected_seq + 1
                           else f"positions {expected_seq} to {row.chain_seq - 1}")
                yield Break(row.id, row.chain_seq, f"gap: {missing} missing (deleted rows) before this row")
            else:
                yield Break(row.id, row.chain_seq, "inserted: repeats a position already taken")
        if link(row.chain_prev, hashed_values(row)) != row.chain_hash:
            yield Break(row.id, row.chain_seq, "edited: its fields no longer match its hash")
        elif (getattr(row, "values_salt", None) is not None
              and values_digest(row, row.values_salt) != row.values_digest):
            yield Break(row.id, row.chain_seq, "edited: its values no longer match their digest")
        if row.chain_prev != prev_hash:
            before = f"row id {prev_id}" if prev_id is not None else "the start of the chain"
            earlier = model._base_manager.filter(chain_hash=row.chain_prev).values_list("id", flat=True).first()
            if earlier is None:
                yield Break(row.id, row.chain_seq,
                            f"does not follow {before}: the row it followed was deleted or rewritten")
            else:
                yield Break(row.id, row.chain_seq,
                            f"does not follow {before} but row id {earlier}: rows inserted or reordered")
        if prev_id is not None and row.id < prev_id:
            yield Break(row.id, row.chain_seq, f"out of order: written before row id {prev_id}")
        expected_seq, prev_hash, prev_id = row.chain_seq + 1, row.chain_hash, row.id

