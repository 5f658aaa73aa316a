"""``manage.py generate_scale_data`` at a thousandth of the volume: every table gets its share, every
row names parents that exist and belong together, the access log stays a valid hash chain, and the
app goes on making records after it (the ids it chose leave the sequences behind them)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from saferplaces.accounts.roles import Role
from saferplaces.asb.models import AsbCase, Incident, Party
from saferplaces.audit import chain
from saferplaces.audit.models import AccessEvent
from saferplaces.offenders.models import Cohort, CohortMembership
from saferplaces.people.models import Person
from saferplaces.victims.models import Victimisation
from saferplaces.work.scale_data import FULL, counts_for
from tests.factories import AgencyFactory, UserFactory

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def agencies(db):
    made = {short: AgencyFactory(short_name=short, name=f"{short} (test)") for short in
            ("MPS", "WCC", "CLCCG", "NPS", "CWH")}
    for short, agency in made.items():
        UserFactory(agency=agency, role=Role.CASEWORKER, username=f"worker.{short.lower()}")
    return made


def test_counts_scale_every_table():
    assert counts_for(0.001) == {name: n // 1000 for name, n in FULL.items()}
    assert counts_for(1e-9)["cases"] == 1  # never an empty table


def test_generates_the_volume_consistently(agencies):
    call_command("generate_scale_data", scale=0.001, seed=3, today=TODAY, stdout=io.StringIO())
    expected = counts_for(0.001)
    assert Person.objects.count() == expected["people"]
    assert AsbCase.objects.count() == expected["cases"]
    assert Party.objects.count() == expected["parties"]
    assert Incident.objects.count() == expected["incidents"]
    assert Victimisation.objects.count() == expected["victimisations"]
    assert CohortMembership.objects.count() == expected["memberships"]
    assert AccessEvent.objects.count() == expected["access_events"]

    # Five agencies hold person records; each record is held where its parent is.
    assert set(Person.objects.values_list("owner_agency__short_name", flat=True).distinct()) == set(agencies)
    assert not Party.objects.exclude(person__owner_agency=F("case__owner_agency")).exists()
    assert not Victimisation.objects.exclude(person__owner_agency=F("owner_agency")).exists()
    assert not CohortMembership.objects.exclude(person__owner_agency=F("owner_agency")).exists()
    assert not Incident.objects.filter(occurred_at__date__gt=TODAY + dt.timedelta(days=1)).exists()
    # Gangs memberships are their own category, as the app files them.
    gangs = CohortMembership.objects.filter(cohort=Cohort.GANGS)
    assert gangs.exists() and set(gangs.values_list("data_category", flat=True)) == {"gangs"}
    assert set(CohortMembership.objects.exclude(cohort=Cohort.GANGS)
               .values_list("data_category", flat=True)) == {"offender"}
    # Some people recur: the register and the overlap report have repeat records to find.
    per_person = Counter(Victimisation.objects.values_list("person", flat=True))
    assert max(per_person.values()) >= 3

    assert list(chain.verify(AccessEvent)) == []
    person = Person.objects.create(owner_agency=agencies["WCC"], forename="After", surname="Generation")
    assert person.pk > max(Person.objects.exclude(pk=person.pk).values_list("pk", flat=True))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the guard is SQLite's")
def test_refuses_a_large_volume_on_sqlite(agencies):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_scale_data", scale=0.5, stdout=io.StringIO())
