"""Trigram (pg_trgm) indexes for substring searches, created by migrations on PostgreSQL only.

``icontains`` on PostgreSQL compares ``UPPER(column::text) LIKE UPPER('%word%')``. A GIN index of
the trigrams of that same expression (``gin_trgm_ops``) serves such a pattern, and, from pg_trgm 1.6
(PostgreSQL 14), ``iexact`` (``UPPER(column::text) = UPPER('word')``) too. SQLite has no such index:
there the same lookups scan, which is fine at the sizes SQLite is used for (development, tests).

The extension needs the privilege to create it (a superuser, or ``CREATE`` on the database from
PostgreSQL 13 as it is a trusted extension); where that is refused, an administrator runs
``CREATE EXTENSION pg_trgm`` once and migrates again.
"""

from __future__ import annotations


def trigram_indexes(indexes: dict[str, tuple[str, str]]):
    """``(create, drop)`` for a ``RunPython``: GIN trigram indexes named by ``indexes`` (name →
    ``(table, column)``), on PostgreSQL only."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in indexes.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                                  f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return create, drop
