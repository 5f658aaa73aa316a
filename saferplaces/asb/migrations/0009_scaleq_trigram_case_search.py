"""Trigram indexes for the ASB case search on PostgreSQL (pg_trgm): each word is matched anywhere in
a case's title, location or postcode, or a party's name (``icontains``); see
``saferplaces.core.trigram``. Nothing on SQLite."""

from django.db import migrations

from saferplaces.core.trigram import trigram_indexes

INDEXES = {  # index name → (table, column)
    "asb_asbcase_title_trgm": ("asb_asbcase", "title"),
    "asb_asbcase_location_trgm": ("asb_asbcase", "location"),
    "asb_asbcase_postcode_trgm": ("asb_asbcase", "postcode"),
    "asb_party_name_trgm": ("asb_party", "name"),
}

create, drop = trigram_indexes(INDEXES)


class Migration(migrations.Migration):
    dependencies = [("asb", "0008_list_sort_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=True)]
