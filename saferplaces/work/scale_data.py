"""A borough's volume of synthetic casework, for measuring the web app at scale (``generate_scale_data``).

The volume of a large borough's years of partnership data (issue 20's measurement): person records
over five agencies, ASB cases with their parties and incidents, victimisations, cohort memberships and
the access log, on top of the demo (its agencies, users and agreement). Everything is made up and
seeded: names, addresses and dates of birth come from the synthetic people generator of the evidence
engine, which keys the same person differently in each agency as real partner data does, so person
linkage has real work to do.

Rows are written straight to their tables (PostgreSQL ``COPY``; plain inserts on SQLite, for the tests'
small volumes), with ids chosen here so that children can name their parents without reading them
back. Nothing goes through the services: this is years of records arriving at once, as a migration
from a legacy system would, so they carry no change history. The access log is the exception that
keeps its guarantee: its rows are sealed onto the hash chain as the app seals them, so
``manage.py audit_verify`` still holds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.asb.models import AsbCase, CaseOutcome, CaseStatus, Incident, IncidentKind, Party, PartyRole
from saferplaces.audit import chain
from saferplaces.audit.models import AccessAction, AccessEvent, JustificationReason
from saferplaces.evidence import api
from saferplaces.offenders.models import Cohort, CohortMembership, ExitReason
from saferplaces.people.models import Person
from saferplaces.victims.models import Victimisation, VictimisationKind

#: The volume issue 20 measured at (``scale=1.0``); a smaller scale multiplies every count.
FULL = {"people": 1_000_000, "cases": 200_000, "parties": 400_000, "incidents": 600_000,
        "victimisations": 300_000, "memberships": 100_000, "access_events": 2_000_000}

#: The synthetic generator's sources and the demo agencies that hold their records; a tenth of the
#: council's records are the housing provider's, making the five agencies of the measurement.
SOURCE_AGENCY = {"police": "MPS", "council": "WCC", "health": "CLCCG", "probation": "NPS"}
HOUSING = "CWH"
#: Who opens ASB cases and records victimisations and cohort memberships, with their shares.
CASE_OWNERS = {"WCC": 0.7, "MPS": 0.2, "CWH": 0.1}
VICTIM_OWNERS = {"MPS": 0.8, "WCC": 0.2}
COHORT_OWNERS = {"NPS": 0.6, "MPS": 0.4}
BATCH = 50_000
#: every generated case says it is sample data (bench/bench_web.py runs only where it finds them)
CASE_SUMMARY = "Synthetic case for the scale benchmark (sample data)"
# Westminster's extent (WGS84): incidents and cases fall inside it.
LAT, LON = (51.485, 51.540), (-0.215, -0.110)


@dataclass
class Counts:
    """What one run wrote, table by table, and how long each took."""

    rows: dict[str, int]
    seconds: dict[str, float]


def counts_for(scale: float) -> dict[str, int]:
    return {name: max(1, round(n * scale)) for name, n in FULL.items()}


def _next_id(model) -> int:
    return (model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _write(model, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write ``rows`` (values for ``columns``, attnames, as Python values) into ``model``'s table; every
    other column takes its field's default, as a record made in the app would."""
    given = [model._meta.get_field(name) for name in columns]
    rest = [field for field in model._meta.concrete_fields if field.attname not in columns]
    defaults = [field.get_db_prep_save(_default(field), connection) for field in rest]
    fields = given + rest
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)

    if connection.vendor == "postgresql":
        # psycopg adapts numbers, text, dates and aware datetimes itself; only JSON needs Django's help
        # (and preparing every value through its field costs most of the run at a million rows).
        converters = [field if isinstance(field, models.JSONField) else None for field in given]

        def prepared(row):
            return [value if field is None else field.get_db_prep_save(value, connection)
                    for field, value in zip(converters, row)] + defaults
    else:
        def prepared(row):
            return [field.get_db_prep_save(value, connection) for field, value in zip(given, row)] + defaults

    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    written += 1
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            batch: list = []
            for row in rows:
                batch.append(prepared(row))
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    written, batch = written + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                written += len(batch)
    return written


def _default(field):
    """What the app would store in ``field`` of a new record: its default, or now for a time set on save."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _reset_sequences(models_written: Sequence) -> None:
    """After writing ids ourselves, PostgreSQL's sequences must start after them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _analyse() -> None:
    """Fresh planner statistics for the tables just filled: without them (autovacuum off, or not yet
    round to it) PostgreSQL plans the first queries for empty tables and walks the wrong indexes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _choose(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    names = list(shares)
    return rng.choice(len(names), size=n, p=np.array([shares[name] for name in names]))


def _dates_back(rng: np.random.Generator, today: dt.date, n: int, days: int) -> list[dt.date]:
    """``n`` dates in the ``days`` before ``today``, more of them recent (as a register's are)."""
    back = np.minimum((rng.exponential(days / 3, n)).astype(int), days - 1)
    return [today - dt.timedelta(days=int(d)) for d in back]


def _date(text: str) -> dt.date | None:
    """A generated date of birth; blank (missing) or impossible (a typing error) reads as unknown."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class ScaleData:
    """One run: ``scale`` times the measured volume, seeded by ``seed``, dated back from ``today``."""

    def __init__(self, *, scale: float, seed: int, today: dt.date, out: Callable[[str], None] = print):
        self.counts = counts_for(scale)
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.today = today
        self.out = out
        self.agencies = {agency.short_name: agency.pk for agency in Agency.objects.all()}
        missing = {*SOURCE_AGENCY.values(), HOUSING, *CASE_OWNERS, *VICTIM_OWNERS, *COHORT_OWNERS} - set(self.agencies)
        if missing:
            raise ValueError(f"Load the demo first (manage.py load_demo): no agency {', '.join(sorted(missing))}.")
        self.users = {short: list(User.objects.filter(agency_id=pk, is_active=True).order_by("pk")
                                  .values_list("pk", "username"))
                      for short, pk in self.agencies.items()}
        self.people_by_agency: dict[str, np.ndarray] = {}

    def run(self) -> Counts:
        rows: dict[str, int] = {}
        seconds: dict[str, float] = {}
        steps = [("people", self.people), ("ASB cases", self.cases), ("victimisations", self.victimisations),
                 ("cohort memberships", self.memberships), ("access log", self.access_events)]
        with transaction.atomic():
            for name, step in steps:
                started = time.perf_counter()
                written = step()
                seconds[name] = time.perf_counter() - started
                rows.update(written)
                self.out(f"  {name}: {', '.join(f'{n:,} {table}' for table, n in written.items())} "
                         f"in {seconds[name]:.1f} s")
            _reset_sequences([Person, AsbCase, Party, Incident, Victimisation, CohortMembership, AccessEvent])
        _analyse()
        return Counts(rows, seconds)

    # -- people ----------------------------------------------------------------------------------------

    def people(self) -> dict[str, int]:
        frame = api.synthetic_people_table(self.counts["people"], seed=self.seed)
        first = _next_id(Person)
        ids = np.arange(first, first + len(frame))
        owners = np.array([SOURCE_AGENCY[source] for source in frame["source"]], dtype=object)
        council = np.flatnonzero(owners == "WCC")
        owners[council[self.rng.random(len(council)) < 0.1]] = HOUSING
        for short in set(owners):
            self.people_by_agency[short] = ids[owners == short]
        self.person_first = first
        # A party carries the name it was recorded with: the person record's name.
        self.names = [f"{f.title()} {s.title()}".strip() for f, s in zip(frame["forename"], frame["surname"])]
        self.person_owner = np.array([self.agencies[short] for short in owners], dtype=np.int64)
        created = timezone.now()

        def rows():
            for pid, owner, forename, surname, dob, sex, postcode, address, ref in zip(
                    ids, owners, frame["forename"], frame["surname"], frame["dob"], frame["sex"],
                    frame["postcode"], frame["address"], frame["record_id"]):
                yield (int(pid), self.agencies[owner], forename.title(), surname.title(),
                       _date(dob), sex if sex in ("F", "M") else "",
                       postcode, address, ref, created)

        columns = ("id", "owner_agency_id", "forename", "surname", "date_of_birth", "sex", "postcode", "address",
                   "source_reference", "created_at")
        return {"people": _write(Person, columns, rows())}

    def _people_of(self, owners: np.ndarray, names: list[str]) -> np.ndarray:
        """A person record for each row, held by the row's owning agency (``owners`` index ``names``).
        Two rows in five go to the agency's most frequent fiftieth of people, so that some people recur
        in many records, as repeat victims and prolific offenders do."""
        chosen = np.empty(len(owners), dtype=np.int64)
        for index, short in enumerate(names):
            rows = np.flatnonzero(owners == index)
            pool = self.people_by_agency[short]
            picks = self.rng.integers(0, len(pool), len(rows))
            frequent = self.rng.random(len(rows)) < 0.4
            picks[frequent] = self.rng.integers(0, max(1, len(pool) // 50), int(frequent.sum()))
            chosen[rows] = pool[picks]
        return chosen

    # -- ASB cases, parties and incidents --------------------------------------------------------------

    def cases(self) -> dict[str, int]:
        n = self.counts["cases"]
        names = list(CASE_OWNERS)
        owner_index = _choose(self.rng, CASE_OWNERS, n)
        first = _next_id(AsbCase)
        ids = np.arange(first, first + n)
        opened = _dates_back(self.rng, self.today, n, 5 * 365)
        open_share = self.rng.random(n) < 0.1
        lat = self.rng.uniform(*LAT, n)
        lon = self.rng.uniform(*LON, n)
        created = timezone.now()

        def case_rows():
            for i in range(n):
                owner = names[owner_index[i]]
                staff = self.users[owner]
                still_open = bool(open_share[i])
                closed_on = None if still_open else min(self.today, opened[i] + dt.timedelta(days=int(30 + i % 150)))
                yield (int(ids[i]), self.agencies[owner], f"ASB at {i % 997} Sample Street",
                       CASE_SUMMARY, f"{i % 997} Sample Street",
                       "", float(lat[i]), float(lon[i]),
                       CaseStatus.OPEN if still_open else CaseStatus.CLOSED,
                       staff[i % len(staff)][0] if staff else None, opened[i], closed_on,
                       "" if still_open else CaseOutcome.RESOLVED, created)

        case_columns = ("id", "owner_agency_id", "title", "summary", "location", "postcode", "latitude", "longitude",
                        "status", "lead_officer_id", "opened_on", "closed_on", "outcome", "created_at")
        written = {"cases": _write(AsbCase, case_columns, case_rows())}

        parties = self.counts["parties"]
        party_case = self.rng.integers(0, n, parties)
        party_person = self._people_of(owner_index[party_case], names)
        roles = [PartyRole.COMPLAINANT, PartyRole.PERPETRATOR]
        first_party = _next_id(Party)

        def party_rows():
            for i in range(parties):
                person = int(party_person[i])
                yield (first_party + i, int(ids[party_case[i]]), roles[i % len(roles)], person, False,
                       self.names[person - self.person_first])

        written["parties"] = _write(Party, ("id", "case_id", "role", "person_id", "is_business", "name"), party_rows())

        incidents = self.counts["incidents"]
        incident_case = self.rng.integers(0, n, incidents)
        kinds = list(IncidentKind)
        first_incident = _next_id(Incident)
        hours = self.rng.integers(0, 24 * 60, incidents)

        def incident_rows():
            for i in range(incidents):
                case = int(incident_case[i])
                on = opened[case] + dt.timedelta(days=int(i % 60))
                at = timezone.make_aware(dt.datetime.combine(min(on, self.today), dt.time())
                                         + dt.timedelta(minutes=int(hours[i])))
                owner = names[owner_index[case]]
                yield (first_incident + i, int(ids[case]), at, f"{case % 997} Sample Street", float(lat[case]),
                       float(lon[case]), kinds[i % len(kinds)], "Synthetic incident (sample data)",
                       self.agencies[owner], True)

        written["incidents"] = _write(Incident, ("id", "case_id", "occurred_at", "location", "latitude", "longitude",
                                                 "kind", "description", "reporting_agency_id", "is_complaint"),
                                      incident_rows())
        return written

    # -- victimisations and cohort memberships ---------------------------------------------------------

    def victimisations(self) -> dict[str, int]:
        n = self.counts["victimisations"]
        names = list(VICTIM_OWNERS)
        owner_index = _choose(self.rng, VICTIM_OWNERS, n)
        person = self._people_of(owner_index, names)
        occurred = _dates_back(self.rng, self.today, n, 3 * 365)
        kinds = list(VictimisationKind)
        first = _next_id(Victimisation)
        created = timezone.now()

        def rows():
            for i in range(n):
                yield (first + i, self.agencies[names[owner_index[i]]], int(person[i]), kinds[i % len(kinds)],
                       occurred[i], occurred[i], f"CR-{first + i:08d}", created)

        return {"victimisations": _write(Victimisation, ("id", "owner_agency_id", "person_id", "kind", "occurred_on",
                                                         "reported_on", "reference", "created_at"), rows())}

    def memberships(self) -> dict[str, int]:
        n = self.counts["memberships"]
        names = list(COHORT_OWNERS)
        owner_index = _choose(self.rng, COHORT_OWNERS, n)
        person = self._people_of(owner_index, names)
        cohorts = [c for c in Cohort if c != Cohort.CHANNEL]  # Prevent's Channel cases are never bulk data
        started = _dates_back(self.rng, self.today, n, 4 * 365)
        ended = self.rng.random(n) < 0.4
        first = _next_id(CohortMembership)
        created = timezone.now()

        def rows():
            for i in range(n):
                cohort = cohorts[i % len(cohorts)]
                end = min(self.today, started[i] + dt.timedelta(days=180)) if ended[i] else None
                yield (first + i, self.agencies[names[owner_index[i]]], int(person[i]), cohort, started[i], end,
                       ExitReason.COMPLETED if end else "", created,
                       "gangs" if cohort == Cohort.GANGS else "offender")

        return {"memberships": _write(CohortMembership, ("id", "owner_agency_id", "person_id", "cohort", "started_on",
                                                         "ended_on", "exit_reason", "created_at", "data_category"),
                                      rows())}

    # -- the access log ----------------------------------------------------------------------------------

    def access_events(self) -> dict[str, int]:
        """Views and searches by the demo's users over two years, sealed onto the hash chain in order."""
        n = self.counts["access_events"]
        staff = [(pk, username, short) for short, users in self.users.items() for pk, username in users]
        people = np.concatenate(list(self.people_by_agency.values()))
        seq, prev = chain.head(AccessEvent)
        first = _next_id(AccessEvent)
        start = timezone.now() - dt.timedelta(days=730)
        step = dt.timedelta(days=730) / n
        agency_names = dict(Agency.objects.values_list("pk", "name"))
        columns = [field.attname for field in AccessEvent._meta.concrete_fields]
        # Every field starts at its default (the chain reads some that are not set here, e.g. the digest).
        defaults = {field.attname: field.get_default() for field in AccessEvent._meta.concrete_fields}
        written = 0
        for offset in range(0, n, BATCH):
            events = []
            for i in range(offset, min(n, offset + BATCH)):
                actor, username, short = staff[i % len(staff)]
                agency = self.agencies[short]
                person = int(people[(i * 2654435761) % len(people)])
                search = i % 10 == 0
                events.append(SimpleNamespace(**defaults | dict(
                    _meta=AccessEvent._meta, id=first + i, at=start + step * i, actor_id=actor,
                    actor_username=username, agency_id=agency,
                    agency_name=agency_names[agency], action=AccessAction.SEARCH if search else AccessAction.VIEW,
                    record_type="" if search else "people.person", record_id="" if search else str(person),
                    record_agency_id=None if search else int(self.person_owner[person - self.person_first]),
                    reason=JustificationReason.CASEWORK, justification="Scale benchmark (sample data)",
                    path="/people/" if search else f"/people/{person}/",
                    detail={"q": "smith"} if search else {}, client_request_id="", request_id="",
                    record_label="" if search else self.names[person - self.person_first],
                    basis="" if search else "Held by the agency or shared by agreement")))
            # Plain rows, not model instances (a tenth of the cost at two million): the chain reads
            # only their fields, through the model's _meta, as it reads a saved event's.
            chain.seal(events, seq, prev)
            seq, prev = events[-1].chain_seq, events[-1].chain_hash
            written += _write(AccessEvent, columns, ([getattr(e, c) for c in columns] for e in events))
        return {"access_events": written}
