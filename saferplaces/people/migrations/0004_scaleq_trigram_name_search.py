"""Trigram indexes for the people search on PostgreSQL (pg_trgm).

The search matches each word anywhere in a forename, surname or postcode, ignoring case, or their reference whole
(``icontains``: ``UPPER(column::text) LIKE UPPER('%word%')`` on PostgreSQL). A B-tree index cannot
serve a pattern that starts with a wildcard; a GIN index of the trigrams of ``UPPER(column::text)``
can (the expression is the one the query compares, so the planner uses it). On SQLite, and on a
PostgreSQL where the extension may not be created, nothing is done: the same lookups run unindexed.
"""

from django.db import migrations

from saferplaces.core.trigram import trigram_indexes

INDEXES = {  # index name → (table, column)
    "people_person_forename_trgm": ("people_person", "forename"),
    "people_person_surname_trgm": ("people_person", "surname"),
    "people_person_postcode_trgm": ("people_person", "postcode"),
    # matched whole (``iexact``), one of the ORed conditions: without an index it alone forces a scan
    "people_person_reference_trgm": ("people_person", "source_reference"),
}

create, drop = trigram_indexes(INDEXES)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_list_sort_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=True)]
