"""Reads for cohorts. Membership lists are scoped by policy; overlap figures are partnership
aggregates over every agency's memberships (counts only, suppressed when they leave)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from saferplaces.core.dates import add_months, plausible_year, quarter_of
from saferplaces.offenders import leads, overlap
from saferplaces.offenders.models import Cohort, CohortMembership
from saferplaces.people.selectors import person_keys
from saferplaces.policy import access

COHORTS = [c.value for c in Cohort]


@dataclass(frozen=True)
class Period:
    code: str  # "2025-07" or "2025-Q3"
    label: str
    start: dt.date
    end: dt.date


def month_period(day: dt.date) -> Period:
    start = day.replace(day=1)
    end = add_months(start, 1) - dt.timedelta(days=1)
    return Period(f"{start:%Y-%m}", f"{start:%B %Y}", start, end)


def quarter_period(day: dt.date) -> Period:
    start, end = quarter_of(day)
    return Period(f"{start.year}-Q{(start.month - 1) // 3 + 1}", f"{start:%B}–{end:%B %Y}", start, end)


def period_choices(today: dt.date | None = None) -> list[Period]:
    today = today or timezone.localdate()
    quarters = [quarter_period(add_months(today, -3 * i)) for i in range(4)]
    months = [month_period(add_months(today, -i)) for i in range(12)]
    return quarters + months


def parse_period(code: str | None, today: dt.date | None = None) -> Period | None:
    """A period from its code (``2025-Q1`` or ``2025-01``), or None if the code is not one we offer."""
    today = today or timezone.localdate()
    if not code:
        return quarter_period(today)
    match = re.fullmatch(r"(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))", code)
    if not match or not plausible_year(int(match[1])):
        return None
    if match[2]:
        return quarter_period(dt.date(int(match[1]), 3 * int(match[2]) - 2, 1))
    return month_period(dt.date(int(match[1]), int(match[3]), 1))


def _current_in(period: Period):
    return (CohortMembership.objects.filter(cohort__in=COHORTS, started_on__lte=period.end)
            .exclude(ended_on__lt=period.start))


#: People per combination of cohorts current in a period. Each membership gives its cohort's bit; a person
#: is their linked person id (``person_key``) or, for a record not linked yet, the record itself; a person's
#: distinct bits add up to their combination. Every step is a hash aggregation (no sort), and the memberships
#: are joined to the links only: no read of the person table.
COMBINATIONS_SQL = """
SELECT mask, COUNT(*) FROM (
    SELECT SUM(bit) AS mask FROM (
        SELECT DISTINCT link.person_key, CASE WHEN link.person_key IS NULL THEN m.person_id END AS record,
               CASE m.cohort {bits} END AS bit
        FROM offenders_cohortmembership m LEFT JOIN people_personlink link ON link.person_id = m.person_id
        WHERE m.cohort IN ({cohorts}) AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on >= %s)
    ) per_cohort GROUP BY person_key, record
) per_person GROUP BY mask
"""


def partnership_overlap(period: Period) -> overlap.Overlap:
    """The partnership's overlap in ``period``, counted in the database (:data:`COMBINATIONS_SQL`): only the
    number of people in each combination of cohorts leaves it, whatever the number of memberships (a
    record not linked yet stands for itself, as in ``people.selectors.person_keys``).
    ``overlap.from_combinations`` makes every figure from those counts, as ``overlap.overlap`` does in
    Python from the memberships (:func:`partnership_overlap_reference`)."""
    bits = {cohort: 1 << i for i, cohort in enumerate(COHORTS)}
    sql = COMBINATIONS_SQL.format(bits=" ".join("WHEN %s THEN %s" for _ in bits),
                                  cohorts=", ".join("%s" for _ in bits))
    params = [value for cohort, bit in bits.items() for value in (cohort, bit)] + list(bits) + [period.end,
                                                                                               period.start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = cursor.fetchall()
    combos = Counter({frozenset(c for c, bit in bits.items() if mask & bit): n for mask, n in counts})
    return overlap.from_combinations(combos, COHORTS, period.start, period.end)


def partnership_overlap_reference(period: Period) -> overlap.Overlap:
    """The same figures counted in Python from every membership current in the period (the reference
    that tests hold :func:`partnership_overlap` to)."""
    rows = (_current_in(period).values_list("person_id", "person__link__person_key", "cohort").distinct().order_by())
    memberships = [overlap.Membership(linked or f"record-{pid}", cohort, period.start, None)
                   for pid, linked, cohort in rows]  # current in the period, as the filter found
    return overlap.overlap(memberships, COHORTS, period.start, period.end)


def visible_memberships(actor, people=None, on: dt.date | None = None):
    queryset = CohortMembership.objects.select_related("person__owner_agency", "owner_agency", "gangs_mark")
    if people is not None:
        queryset = queryset.filter(person__in=people)
    if on is not None:
        queryset = queryset.filter(started_on__lte=on).exclude(ended_on__lt=on)
    return access.scope(actor, queryset)


def suggestion_for(memberships, on: dt.date) -> leads.LeadSuggestion | None:
    """The suggested lead for one person from the memberships (of their linked records) shown."""
    current = [m for m in memberships if m.active_on(on)]
    if not current:
        return None
    births = [m.person.date_of_birth for m in current if m.person.date_of_birth]
    age = leads.age_on(max(births), on) if births else None
    iom = next((m.iom_lead for m in current if m.cohort == Cohort.IOM and m.iom_lead), "")
    return leads.suggest(leads.PersonCohorts(frozenset(m.cohort for m in current), age, iom))


@dataclass(frozen=True)
class MemberRow:
    key: str
    people: tuple
    memberships: tuple
    suggestion: leads.LeadSuggestion | None


def members(*, actor, on: dt.date | None = None) -> list[MemberRow]:
    """Current cohort members the actor may see, linked records together, with the suggested lead."""
    on = on or timezone.localdate()
    memberships = list(visible_memberships(actor, on=on))
    keys = person_keys(m.person_id for m in memberships)
    grouped = defaultdict(list)
    for m in memberships:
        grouped[keys[m.person_id]].append(m)
    rows = []
    for key, group in grouped.items():
        people = tuple(sorted({m.person for m in group}, key=lambda p: p.pk))
        rows.append(MemberRow(key, people, tuple(group), suggestion_for(group, on)))
    rows.sort(key=lambda r: (-len({m.cohort for m in r.memberships}), r.people[0].surname, r.key))
    return rows


def cell_members(*, actor, period: Period, a: str, b: str) -> list[MemberRow]:
    """The people in a cell of the overlap matrix (in both ``a`` and ``b`` during the period; ``a == b``
    is the cohort's own cell) *as far as the actor may see*: a person counts only when the actor may see a
    membership of theirs in each cohort, so the list never says more than the memberships it shows (a
    person whose other cohort is held by an agency the actor cannot see is not listed)."""
    memberships = [m for m in visible_memberships(actor).filter(cohort__in={a, b}, started_on__lte=period.end)
                   .exclude(ended_on__lt=period.start)]
    keys = person_keys(m.person_id for m in memberships)
    grouped = defaultdict(list)
    for m in memberships:
        grouped[keys[m.person_id]].append(m)
    rows = []
    for key, group in grouped.items():
        if {a, b} <= {m.cohort for m in group}:
            people = tuple(sorted({m.person for m in group}, key=lambda p: p.pk))
            rows.append(MemberRow(key, people, tuple(group), None))
    rows.sort(key=lambda r: (r.people[0].surname, r.people[0].forename, r.key))
    return rows
