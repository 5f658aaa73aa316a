"""Writes for commissioned services: a provider's quarterly return, entered in a form or uploaded as
CSV, checked against its contract's template as a whole (``directory.contracts``) and saved all or
nothing. Figures that feed one of the plan's KPIs become that KPI's reading for the quarter."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.directory import contracts
from saferplaces.directory.models_contracts import Contract, Figure, PerformanceReturn
from saferplaces.plans.models import KPIReading
from saferplaces.plans.returns import _float, period_problem
from saferplaces.policy.rules import require_permission

COLUMNS = ["period_start", "figure", "value"]
REQUIRED = set(COLUMNS)


class ReturnError(ValueError):
    """A return that cannot be recorded; ``problems`` lists everything to correct."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def rules_of(contract: Contract) -> list[contracts.Rule]:
    figures = list(contract.figures.select_related("part_of"))
    return [contracts.Rule(f.code, f.label, f.required, f.minimum, f.maximum, f.whole_number,
                           f.part_of.code if f.part_of else "", f.breakdown) for f in figures]


def period_problems(contract: Contract, start: dt.date, today: dt.date) -> list[str]:
    problem = period_problem(contracts.QUARTERLY, start)
    if problem:
        return [f"period_start {problem}"]
    if start not in {s for s, _ in contracts.quarters_owed(contract.starts_on, contract.ends_on, today)}:
        return [f"period_start {start:%d/%m/%Y}: the contract owes no return for that quarter "
                "(it has not ended, or is outside the contract's term)"]
    return []


def _save(actor, contract: Contract, start: dt.date, values: dict[str, float]) -> PerformanceReturn:
    with acting_as(actor):
        submitted, _ = PerformanceReturn.objects.update_or_create(
            contract=contract, period_start=start,
            defaults={"values": values, "submitted_by": actor, "submitted_at": timezone.now(), "is_sample": False})
        for figure in Figure.objects.filter(contract=contract, kpi__isnull=False, code__in=values):
            KPIReading.objects.update_or_create(
                kpi_id=figure.kpi_id, period_start=start,
                defaults={"value": values[figure.code], "author": actor, "is_sample": False,
                          "commentary": f"From {contract.provider}'s return under contract {contract.reference}"})
    return submitted


@transaction.atomic
def return_submit(*, actor, contract: Contract, period_start: dt.date, values: dict[str, float]) -> PerformanceReturn:
    """Record the quarter's return (replacing an earlier one for the same quarter: the change history
    keeps it), or raise ``ReturnError`` with every problem."""
    require_permission(actor, "directory.submit_return", contract)
    problems = period_problems(contract, period_start, timezone.localdate())
    problems += [problem for _code, problem in contracts.return_problems(rules_of(contract), values)]
    if problems:
        raise ReturnError(problems)
    return _save(actor, contract, period_start, values)


class _ReturnRows:
    """Row checker of one uploaded return: each row one figure of the same quarter."""

    def __init__(self, contract: Contract, rules: list[contracts.Rule]):
        self.contract = contract
        self.rules = {rule.code: rule for rule in rules}
        self.today = timezone.localdate()
        self.seen = csvimport.Duplicates(existing=())
        self.lines: dict[str, int] = {}
        self.starts: dict[dt.date, int] = {}

    def check(self, line: int, row: csvimport.Row) -> tuple[tuple, list[str]]:
        problems: list[str] = []
        start = csvimport.dates(row, {"period_start": True}, problems)["period_start"]
        if start is not None:
            first = self.starts.setdefault(start, line)
            if len(self.starts) > 1 and first == line:
                problems.append(f"period_start {start:%d/%m/%Y} differs from line {min(self.starts.values())}: "
                                "a file holds one quarter's return")
            elif first == line:
                problems += period_problems(self.contract, start, self.today)
        code = row["figure"]
        rule = self.rules.get(code)
        if not code:
            problems.append("figure is empty")
        elif rule is None:
            problems.append(f"figure '{code}' is not a figure of this contract's return")
        elif repeated := self.seen.problem(code, line, f"figure {code}"):
            problems.append(repeated)
        value = _float(row["value"]) if row["value"] else None
        if not row["value"]:
            problems.append("value is empty")
        elif value is None:
            problems.append(f"value '{row['value']}' is not a number (write it like 1234 or 87.5)")
        elif rule is not None:
            problems += contracts.value_problems(rule, value)
        if code and code not in self.lines:
            self.lines[code] = line
        return (start, code, value), problems


@transaction.atomic
def returns_import(*, actor, contract: Contract, text: str | csvimport.Table) -> csvimport.ImportResult:
    """Record a return uploaded as CSV (``COLUMNS``): each row checked, then the return as a whole
    (required figures, totals); every problem is reported with its line and nothing is saved unless
    all is well."""
    require_permission(actor, "directory.submit_return", contract)
    rules = rules_of(contract)
    rows = _ReturnRows(contract, rules)
    checked: list[tuple] = []

    def check(line, row):
        # The return is judged as a whole from every checked row (a dry run creates nothing).
        clean, problems = rows.check(line, row)
        checked.append(clean)
        return clean, problems

    result = csvimport.run_import(text, columns=COLUMNS, required=REQUIRED, check=check, create=lambda clean: None)
    if not result.ok:
        return result
    values = {code: value for _start, code, value in checked}
    whole = contracts.return_problems(rules, values)
    if whole or not checked:
        result.imported = 0
        result.rejected = [(rows.lines.get(code, 1), problem) for code, problem in whole] or [
            (1, "the file holds no figures")]
        result.rejected.sort()
        return result
    if result.dry_run:
        return result
    _save(actor, contract, checked[0][0], values)
    return result


def template_csv_rows(contract: Contract, period_start: dt.date) -> list[list]:
    """The rows of the CSV to fill in (under ``COLUMNS``): one per figure, its value blank."""
    return [[period_start.isoformat(), figure.code, ""] for figure in contract.figures.all()]
