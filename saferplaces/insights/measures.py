"""Measures the evidence engine's data offer to the plan's KPIs (``plans.measures``): the Location
group's "crime in each priority ward by month" and its Vulnerable Localities Index (Chainey 2008,
"Identifying priority neighbourhoods using the Vulnerable Localities Index", Policing 2(2)), one
family member per priority area that names its wards.

What the web app holds of an assessment: its police.uk files (``inputs/``, one folder or file per
month as police.uk names them, ``YYYY-MM``), its geography and the summary of the whole run (ward
totals, the borough's monthly series, the VLI per ward). Ward counts by month are not stored, so
the crime measure counts the period's own monthly files again, through the engine's public API.
Months no finished assessment holds are counted from the police.uk feed's store
(``insights.police_feed``, refreshed monthly by ``manage.py police_feed``), so that the KPIs move on
without a new assessment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from saferplaces.core.dates import add_months
from saferplaces.evidence import api
from saferplaces.insights import police_feed
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.insights.services import run_inputs
from saferplaces.places.models import PriorityArea
from saferplaces.plans.measures import register_family


def months_of(start: dt.date, end: dt.date) -> list[str]:
    """Each month ``YYYY-MM`` the period touches."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = add_months(day, 1)
    return months


def priority_wards() -> list[tuple[str, str]]:
    """(area id, name) of each active priority area that names its wards."""
    return [(str(pk), name) for pk, name, codes in PriorityArea.objects.filter(active=True)
            .values_list("pk", "name", "ward_codes") if codes]


def _ward_codes(area_id: str) -> set[str]:
    area = PriorityArea.objects.filter(pk=int(area_id)).values_list("ward_codes", flat=True).first() \
        if area_id.isdigit() else None
    return set(area or ())


def _finished_runs():
    return AssessmentRun.objects.filter(status=RunStatus.FINISHED, summary__isnull=False).order_by("-created_at")


def month_files(run: AssessmentRun, months: list[str]) -> list[Path] | None:
    """The run's police files of ``months`` (each month must have at least one), or None."""
    inputs = run_inputs(run) if (Path(run.work_dir) / "inputs").is_dir() else []
    chosen = {month: [path for path in inputs if path.name.startswith(month)] for month in months}
    if not all(chosen.values()):
        return None
    return [path for month in months for path in chosen[month]]


def ward_crime(area_id: str, start: dt.date, end: dt.date) -> float:
    """Crimes (not ASB) police.uk recorded in the priority area's wards in the period's months, counted
    from the files of the latest finished assessment holding every one of those months, else from the
    police.uk feed's store when it holds them all; 0 when neither does (the board reads the reading's
    commentary for its source)."""
    codes = _ward_codes(area_id)
    if not codes:
        return 0.0
    months = months_of(start, end)
    for run in _finished_runs():
        files = month_files(run, months)
        if files is None:
            continue
        geography = Path(run.work_dir) / "geography"
        result = api.area_concentration(files, by="ward", geography=geography if geography.is_dir() else None)
        return float(sum(area.count for area in result.areas if area.code in codes))
    files = police_feed.month_files(months)
    geography = _feed_geography()
    if files is None or geography is None:
        return 0.0
    result = api.area_concentration(files, by="ward", geography=geography)
    return float(sum(area.count for area in result.areas if area.code in codes))


def _feed_geography() -> Path | None:
    """The boundaries and lookups that place the feed's crimes (the API gives points, no LSOA): the
    setting's folder, else the latest finished assessment's."""
    if folder := settings.POLICE_FEED["GEOGRAPHY"]:
        return Path(folder)
    for run in _finished_runs():
        geography = Path(run.work_dir) / "geography"
        if geography.is_dir():
            return geography
    return None


def ward_vli(area_id: str, start: dt.date, end: dt.date) -> float:
    """The Vulnerable Localities Index of the priority area's wards (their mean; 100 is the reference
    area's average) in the latest finished assessment whose data end by the period's end; 0 when none
    has a VLI of those wards."""
    codes = _ward_codes(area_id)
    for summary in _finished_runs().values_list("summary", flat=True):
        if not codes or (summary.get("last_month") or "9999-99") > f"{end:%Y-%m}":
            continue
        scores = [unit["vli"] for unit in (summary.get("vli") or {}).get("units", []) if unit["code"] in codes]
        if scores:
            return round(sum(scores) / len(scores), 1)
    return 0.0


def register_all() -> None:
    register_family("insights.ward_crime", "Crime recorded in the priority ward", "count", ward_crime,
                    priority_wards)
    register_family("insights.ward_vli", "Vulnerable Localities Index of the priority ward", "rate", ward_vli,
                    priority_wards)
