"""Loading police.uk data into one canonical crimes table.

:func:`load_police` takes files, folders and archive zips of data.police.uk street-level CSVs,
outcomes CSVs, stop-and-search CSVs and the API's crimes-street JSON, and returns a
:class:`PoliceData` holding a DuckDB connection with these tables:

``crimes``       one row per street-level record, canonical columns (see :data:`CRIME_COLUMNS`);
``stop_search``  stop-and-search records, when any were given;

plus a :class:`~saferplaces.evidence.load.quality.QualityReport` that hides nothing.
"""

from saferplaces.evidence.load.police import CRIME_COLUMNS, PoliceData, load_police

__all__ = ["CRIME_COLUMNS", "PoliceData", "load_police"]
