"""The police's monthly Protect deployment return: entered in a form or uploaded as CSV, one per month.

The CSV goes through the one importer (``core.csvimport``): every row checked, every bad row reported
with its line and why, and nothing saved unless every row is good. A month already returned is refused
("already recorded"): a return is corrected on its own page, where the change history keeps the figure
it replaces. Each figure is a measure the plan's KPIs read (``contest.deployment_<figure>``).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from saferplaces.contest.models_deploy import FIGURES, DeploymentReturn
from saferplaces.contest.months import month_of, parse_month
from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.policy.rules import require_permission

COLUMNS = ["month", *FIGURES, "notes"]
REQUIRED = {"month", *FIGURES}
#: a figure larger than this is a typing error: the busiest borough records a few thousand a month
MAX_FIGURE = 100_000


class ReturnError(ValueError):
    """A return that cannot be recorded; the message says what to correct."""


def _month_problem(month: dt.date, today: dt.date) -> str | None:
    if month >= month_of(today):
        return f"{month:%B %Y} has not ended yet"
    return None


@transaction.atomic
def deployment_record(*, actor, month: dt.date, notes: str = "", is_sample: bool = False,
                      **figures: int) -> DeploymentReturn:
    """Record one month's return (``contest.manage``); a month already returned is refused."""
    require_permission(actor, "contest.manage")
    month = month_of(month)
    if problem := _month_problem(month, timezone.localdate()):
        raise ReturnError(problem)
    if DeploymentReturn.objects.filter(month=month).exists():
        raise ReturnError(f"The return for {month:%B %Y} is already recorded: correct it instead")
    try:
        with acting_as(actor), transaction.atomic():
            return DeploymentReturn.objects.create(month=month, notes=notes.strip(), submitted_by=actor,
                                                   is_sample=is_sample, **figures)
    except IntegrityError:  # recorded by someone else a moment ago
        raise ReturnError(f"The return for {month:%B %Y} is already recorded") from None


@transaction.atomic
def deployment_correct(*, actor, deployment: DeploymentReturn, reason: str, notes: str = "",
                       **figures: int) -> DeploymentReturn:
    """Correct a month's figures, with the reason kept beside the change."""
    require_permission(actor, "contest.manage")
    for name, value in figures.items():
        setattr(deployment, name, value)
    deployment.notes = notes.strip()
    with acting_as(actor, reason=reason):
        deployment.save()
    return deployment


class _Rows:
    """Checker and creator of one upload: each row one month's return."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.months = csvimport.Duplicates(existing=set(DeploymentReturn.objects.values_list("month", flat=True)))

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        month = None
        if not row["month"]:
            problems.append("month is empty")
        else:
            try:
                month = parse_month(row["month"])
            except ValueError as error:
                problems.append(f"month: {error}")
        if month is not None:
            if problem := _month_problem(month, self.today):
                problems.append(f"month: {problem}")
            if repeated := self.months.problem(month, line, f"The return for {month:%B %Y}"):
                problems.append(repeated)
        figures = {}
        for name in FIGURES:
            text = row[name]
            if not text:
                problems.append(f"{name} is empty")
            elif not (text.isascii() and text.isdigit()) or int(text) > MAX_FIGURE:
                problems.append(f"{name} '{text[:20]}' is not a count (a whole number from 0 to {MAX_FIGURE})")
            else:
                figures[name] = int(text)
        if len(row.get("notes", "")) > 2000:
            problems.append("notes is longer than 2000 characters")
        return {"month": month, "notes": row.get("notes", ""), **figures}, problems

    def create(self, clean: dict) -> DeploymentReturn:
        return DeploymentReturn.objects.create(submitted_by=self.actor, **clean)


def deployments_import(*, actor, text: str) -> csvimport.ImportResult:
    """Record the returns of a CSV (``COLUMNS``, one row a month): every row, or none."""
    require_permission(actor, "contest.manage")
    rows = _Rows(actor)
    with acting_as(actor):
        return csvimport.run_import(text, columns=COLUMNS, required=REQUIRED, check=rows.check, create=rows.create)


def deployment_total(field: str, start: dt.date, end: dt.date) -> float:
    """The sum of one figure over the months starting in the period (a month not returned adds nothing)."""
    if field not in FIGURES:
        raise KeyError(field)
    months = DeploymentReturn.objects.filter(month__gte=start, month__lte=end)
    return float(sum(months.values_list(field, flat=True)))
