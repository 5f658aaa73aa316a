"""Reads for cohorts. Membership lists are scoped by policy; overlap figures are partnership
aggregates over every agency's memberships (counts only, suppressed when they leave)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, Sum, Value, When
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


def partnership_overlap(period: Period) -> overlap.Overlap:
    """The partnership's overlap in ``period``, counted in the database: the memberships current in the
    period are grouped by linked person (a record not linked yet stands for itself, as in
    ``people.selectors.person_keys``) into the set of their cohorts, one bit per cohort, and the people
    are counted per set; only those few counts leave the database, whatever the number of memberships.
    ``overlap.from_combinations`` makes every figure from them, as ``overlap.overlap`` does in Python."""
    bits = {cohort: 1 << i for i, cohort in enumerate(COHORTS)}
    # A person's cohorts as one number: the sum of their distinct cohorts' bits (two memberships of
    # one cohort add its bit once).
    mask = Sum(Case(*(When(cohort=c, then=Value(bit)) for c, bit in bits.items()), output_field=IntegerField()),
               distinct=True)
    unlinked = Case(When(person__link__isnull=True, then=F("person_id")))
    per_person = (_current_in(period).values("person__link__person_key", unlinked=unlinked)
                  .annotate(mask=mask).values("mask").order_by())
    inner, params = per_person.query.sql_with_params()
    with connection.cursor() as cursor:
        # The inner query is Django's, with its values bound: only the grouping is written here.
        cursor.execute('SELECT "mask", COUNT(*) FROM (' + inner + ') per_person GROUP BY "mask"', params)  # noqa: S608
        counts = cursor.fetchall()
    combos = Counter({frozenset(c for c, bit in bits.items() if m & bit): n for m, n in counts})
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
