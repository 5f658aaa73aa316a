"""Search the whole test database for strings: every row of every table, each cell as text."""

from __future__ import annotations

from django.db import connection


def found_in_database(tokens: list[str]) -> list[tuple[str, str]]:
    """(table, token) for every table holding a row whose text contains one of ``tokens`` (any case)."""
    wanted = [t.lower() for t in tokens]
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                text = " ".join(str(cell) for cell in row).lower()
                hits.update((table, token) for token in wanted if token in text)
    return sorted(hits)
