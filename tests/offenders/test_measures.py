"""The offender cohorts' measures on a small hand-made set of memberships with exact answers."""

import datetime as dt

from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import PersonLink
from saferplaces.plans import measures
from tests.factories import PersonFactory

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


def compute(key):
    return measures.get(key).compute(START, END)


def member(person, cohort, started, ended=None):
    CohortMembership.objects.create(owner_agency=person.owner_agency, person=person, cohort=cohort,
                                    started_on=started, ended_on=ended)


def test_cohort_sizes_and_overlap_count_linked_records_once(world):
    a, b, c, twin_own, twin_other = (PersonFactory(owner_agency=world.own) for _ in range(5))
    PersonLink.objects.create(person=twin_own, person_key="P-T")
    PersonLink.objects.create(person=twin_other, person_key="P-T")
    member(a, "iom", dt.date(2026, 1, 1))
    member(a, "gangs", dt.date(2026, 6, 30))  # joins on the last day: in both in the quarter
    member(b, "iom", dt.date(2025, 1, 1), ended=dt.date(2026, 3, 31))  # left before the quarter
    member(c, "yos", dt.date(2026, 5, 1))
    member(twin_own, "iom", dt.date(2026, 2, 1))
    member(twin_other, "mappa", dt.date(2026, 4, 1))  # one person in IOM and MAPPA, by two records
    assert compute("offenders.cohort_iom") == 2.0  # a and the twin
    assert compute("offenders.cohort_gangs") == 1.0
    assert compute("offenders.cohort_mappa") == 1.0
    assert compute("offenders.cohort_channel") == 0.0
    assert compute("offenders.people_in_cohorts") == 3.0  # a, c and the twin
    assert compute("offenders.people_in_several") == 2.0  # a and the twin
    assert compute("offenders.overlap_share") == 66.7


def test_overlap_share_is_zero_without_members(db):
    assert compute("offenders.overlap_share") == 0.0
