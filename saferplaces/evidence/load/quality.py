"""The data-quality report of a load: what was read, what is odd, what was dropped and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileSummary:
    name: str
    kind: str
    rows: int


@dataclass(frozen=True)
class Dropped:
    reason: str
    rows: int
    examples: tuple[str, ...]  # "file line N" of the first few


@dataclass(frozen=True)
class QualityReport:
    """Everything odd about a load, so that no figure rests on hidden problems.

    Attributes
    ----------
    files : each file read, its kind and rows.
    rows_by_force_month : ``(force, "YYYY-MM", rows)`` for every force and month present.
    missing_months : force → months absent between that force's first and last month.
    blank_coordinates, zero_coordinates : rows with no usable location (zeroed means 0,0).
    outside_uk : rows whose position lies outside the United Kingdom: counted, not mapped.
    blank_lsoa : rows with no LSOA code in the file; ``lsoa_filled`` of them were placed in an
        LSOA by point-in-polygon.
    lsoa_vintage : counts by "2011", "2021", "both" (codes unchanged between the two), "unknown".
    duplicate_crime_ids : Crime IDs (non-blank) appearing on more than one row, and examples.
    historic_types : rows with a crime type police.uk stopped using in 2013-2014.
    outcomes_applied : crimes whose outcome was replaced from an outcomes file (latest month wins).
    dropped : rows not loaded, by reason.
    """

    files: tuple[FileSummary, ...]
    total_rows: int
    crime_rows: int
    asb_rows: int
    rows_by_force_month: tuple[tuple[str, str, int], ...]
    missing_months: dict[str, tuple[str, ...]]
    blank_coordinates: int
    zero_coordinates: int
    blank_lsoa: int
    lsoa_filled: int
    lsoa_vintage: dict[str, int]
    duplicate_crime_ids: int
    duplicate_examples: tuple[str, ...]
    historic_types: int
    outcomes_applied: int
    stop_search_rows: int
    dropped: tuple[Dropped, ...] = field(default_factory=tuple)
    outside_uk: int = 0

    def findings(self) -> list[str]:
        """Plain-English lines for the report, each naming a number."""
        lines = [f"{self.total_rows:,} rows loaded from {len(self.files)} files "
                 f"({self.crime_rows:,} crimes, {self.asb_rows:,} anti-social behaviour incidents)."]
        for force, months in self.missing_months.items():
            if months:
                lines.append(f"{force}: no data for {len(months)} month(s) in its range: {', '.join(months)}.")
        if self.blank_coordinates or self.zero_coordinates:
            lines.append(f"{self.blank_coordinates:,} rows have no coordinates and {self.zero_coordinates:,} have "
                         "zeroed coordinates; they count in totals but not on maps.")
        if self.outside_uk:
            lines.append(f"{self.outside_uk:,} rows have a position outside the United Kingdom; they count in "
                         "totals but not on maps.")
        if any(force == "Unknown force" for force, _, _ in self.rows_by_force_month):
            lines.append("Some rows name no force (API records without the force of the area queried): "
                         "give the force to name them.")
        if self.blank_lsoa:
            lines.append(f"{self.blank_lsoa:,} rows have no LSOA; {self.lsoa_filled:,} were placed by their "
                         "coordinates (point in polygon).")
        if self.lsoa_vintage.get("2021") and self.lsoa_vintage.get("2011"):
            lines.append("The data mixes 2011 and 2021 LSOA codes: use a lookup of the matching vintage.")
        if self.duplicate_crime_ids:
            lines.append(f"{self.duplicate_crime_ids:,} Crime IDs appear on more than one row.")
        if self.historic_types:
            lines.append(f"{self.historic_types:,} rows use crime types police.uk retired in 2013-2014.")
        if self.outcomes_applied:
            lines.append(f"{self.outcomes_applied:,} outcomes were updated from outcomes files (latest month wins).")
        lines.extend(f"{dropped.rows:,} rows dropped: {dropped.reason}." for dropped in self.dropped)
        return lines
