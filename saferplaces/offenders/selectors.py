"""Reads for cohorts. Membership lists are scoped by policy; overlap figures are partnership
aggregates over every agency's memberships (counts only, suppressed when they leave)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from saferplaces.core.dates import add_months, plausible_year, quarter_of
from saferplaces.offenders import leads, overlap
from saferplaces.offenders.models import Cohort, CohortMembership
from saferplaces.people.models import PersonLink
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


# --- the members list and an overlap cell, a page at a time (issue 20) -------------------------------

#: People (linked person id, or a record not linked yet standing for itself) among the memberships the
#: actor may see (``{visible}``: ``access.scope``'s query, its id, person and cohort only): for each, the
#: number of distinct cohorts and their first record (the lowest person id, whose name the row shows
#: first), with the person's name to sort by; ``COUNT(*) OVER ()`` is the number of people, counted with
#: the grouping the page needs anyway (no second pass). The memberships are joined to the links only; the
#: person table is read for the groups' first records.
GROUPS_SQL = """
SELECT g.member_key, COUNT(*) OVER () FROM (
    SELECT COALESCE(link.person_key, 'record-' || CAST(m.person_id AS TEXT)) AS member_key,
           COUNT(DISTINCT m.cohort) AS cohorts, MIN(m.person_id) AS first_person
    FROM ({visible}) m LEFT JOIN people_personlink link ON link.person_id = m.person_id
    GROUP BY 1{having}
) g JOIN people_person p ON p.id = g.first_person
ORDER BY {order}
LIMIT %s OFFSET %s
"""


def _ordered(column: str, *, lower: bool = False) -> str:
    """``column`` compared as Python compares ``str`` (code point by code point), so that the order is
    the one the rows had when they were sorted in Python: on PostgreSQL a database collation would
    sort case and accents its own way."""
    text = f"LOWER({column})" if lower else column
    return f'{text} COLLATE "C"' if connection.vendor == "postgresql" else text


def _order_sql(fields: tuple[str, ...], descending: bool) -> str:
    columns = {"cohorts": "g.cohorts", "surname": _ordered("p.surname", lower=True),
               "forename": _ordered("p.forename", lower=True), "surname_cased": _ordered("p.surname"),
               "forename_cased": _ordered("p.forename"), "member_key": _ordered("g.member_key")}
    return ", ".join(columns[f] + (" DESC" if descending else "") for f in fields)


@dataclass(frozen=True)
class GroupPage:
    """One page of people: their keys in order, and how many people there are in all."""

    keys: list[str]
    total: int


#: :data:`GROUPS_SQL` for an order by the number of cohorts first: the people are counted per number of
#: cohorts (a band; ``before``: how many people the bands ahead of it hold), and only the bands the page
#: falls in are joined to the person table to be sorted by name; ``position`` is a person's place in the
#: whole list. The first page of the default order (most cohorts first) then reads the names of the few
#: people in the most cohorts, not of every member. ``g`` is materialised: it is read twice.
BANDED_SQL = """
WITH g AS MATERIALIZED (
    SELECT COALESCE(link.person_key, 'record-' || CAST(m.person_id AS TEXT)) AS member_key,
           COUNT(DISTINCT m.cohort) AS cohorts, MIN(m.person_id) AS first_person
    FROM ({visible}) m LEFT JOIN people_personlink link ON link.person_id = m.person_id
    GROUP BY 1{having}
), counted AS (
    SELECT cohorts, COUNT(*) AS n FROM g GROUP BY cohorts
), placed AS (
    SELECT cohorts, n, SUM(n) OVER (ORDER BY cohorts {direction}) - n AS before FROM counted
)
SELECT member_key, total FROM (
    SELECT g.member_key, (SELECT SUM(n) FROM counted) AS total,
           MIN(t.before) OVER () + ROW_NUMBER() OVER (ORDER BY {order}) - 1 AS position
    FROM g JOIN placed t ON t.cohorts = g.cohorts JOIN people_person p ON p.id = g.first_person
    WHERE t.before < %s AND t.before + t.n > %s
) ranked WHERE position >= %s AND position < %s
ORDER BY position
"""


def _group_page(visible, *, fields: tuple[str, ...], descending: bool, start: int, size: int,
                having: str = "", having_params=()) -> GroupPage:
    try:
        visible_sql, visible_params = visible.values("pk", "person_id", "cohort").order_by().query.sql_with_params()
    except EmptyResultSet:  # the role sees no membership (``scope`` gave ``none()``)
        return GroupPage([], 0)
    order = _order_sql(fields, descending)
    if fields[0] == "cohorts":
        sql = BANDED_SQL.format(visible=visible_sql, having=having, order=order,
                                direction="DESC" if descending else "ASC")
        params = [*visible_params, *having_params, start + size, start, start, start + size]
    else:
        sql = GROUPS_SQL.format(visible=visible_sql, having=having, order=order)
        params = [*visible_params, *having_params, size, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = int(rows[0][1]) if rows else 0
    return GroupPage([row[0] for row in rows], total)


def _people_of(keys) -> list[int]:
    """The person records behind ``keys`` (linked person ids, and ``record-<id>`` for records not linked)."""
    linked = [k for k in keys if not k.startswith("record-")]
    records = [int(k.removeprefix("record-")) for k in keys if k.startswith("record-")]
    return records + list(PersonLink.objects.filter(person_key__in=linked).values_list("person_id", flat=True))


def _rows_for(keys: list[str], memberships, suggest_on: dt.date | None) -> list[MemberRow]:
    """The rows of ``keys`` in that order, each with its memberships (in the order read) and its people."""
    memberships = list(memberships)
    of = person_keys(m.person_id for m in memberships)
    grouped = defaultdict(list)
    for m in memberships:
        grouped[of[m.person_id]].append(m)
    rows = []
    for key in keys:
        group = grouped[key]
        people = tuple(sorted({m.person for m in group}, key=lambda p: p.pk))
        rows.append(MemberRow(key, people, tuple(group), suggestion_for(group, suggest_on) if suggest_on else None))
    return rows


@dataclass(frozen=True)
class MemberPage:
    rows: list[MemberRow]
    total: int


def members_page(*, actor, fields: tuple[str, ...], descending: bool = False, start: int = 0, size: int = 50,
                 cohort: str = "", on: dt.date | None = None) -> MemberPage:
    """One page of :func:`members`, grouped, sorted and paged in the database (:data:`GROUPS_SQL`): the
    people are sorted by ``fields`` (``cohorts``: how many distinct cohorts the actor sees them in;
    ``surname``, ``forename``: of their first record, lower-cased; ``member_key``), all reversed when
    ``descending``, and only ``cohort``'s members when it is given (every membership of theirs still
    shown). The memberships and people are read for the page's people only, so the page costs the same
    whatever the number of members; each row is what :func:`members` makes for that person."""
    on = on or timezone.localdate()
    visible = visible_memberships(actor, on=on)
    having, having_params = "", []
    if cohort:  # the person has a membership in it among those shown
        having, having_params = " HAVING MAX(CASE WHEN m.cohort = %s THEN 1 ELSE 0 END) = 1", [cohort]
    page = _group_page(visible, fields=fields, descending=descending, start=start, size=size, having=having,
                       having_params=having_params)
    if not page.keys:
        return MemberPage([], page.total)
    memberships = visible_memberships(actor, people=_people_of(page.keys), on=on)
    return MemberPage(_rows_for(page.keys, memberships, on), page.total)


def cell_page(*, actor, period: Period, a: str, b: str, start: int = 0, size: int = 50) -> MemberPage:
    """One page of :func:`cell_members` (the same people, in the same order: first record's surname,
    forename, then the key; the same memberships), grouped, sorted and paged in the database."""
    cohorts = sorted({a, b})
    visible = _cell_visible(actor, period, cohorts)
    page = _group_page(visible, fields=("surname_cased", "forename_cased", "member_key"), descending=False,
                       start=start, size=size, having=" HAVING COUNT(DISTINCT m.cohort) = %s",
                       having_params=[len(cohorts)])
    if not page.keys:
        return MemberPage([], page.total)
    memberships = _cell_visible(actor, period, cohorts).filter(person__in=_people_of(page.keys))
    return MemberPage(_rows_for(page.keys, memberships, None), page.total)


def _cell_visible(actor, period: Period, cohorts):
    return (visible_memberships(actor).filter(cohort__in=cohorts, started_on__lte=period.end)
            .exclude(ended_on__lt=period.start))
