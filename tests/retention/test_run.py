"""The retention run: records of every category, the clock advanced past every period of the schedule,
and nothing personal left anywhere in the database while the audit chains still verify."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from saferplaces.asb.models import CaseNote
from saferplaces.contest.models import Site
from saferplaces.contest.models_threat import ThreatAssessment
from saferplaces.core.context import acting_as
from saferplaces.marac.models import MaracMeeting
from saferplaces.offenders.models import CohortMembership
from saferplaces.policy.categories import CATEGORIES
from saferplaces.retention import run, services
from saferplaces.retention.models import LegalHold, RetentionRule, ReviewItem, ReviewStatus
from saferplaces.victims.models import Victimisation
from tests.asb.builders import make_case, make_party, make_warning
from tests.factories import PersonFactory, UserFactory
from tests.retention.dump import found_in_database

pytestmark = pytest.mark.django_db

EVENT = dt.date(2019, 3, 1)
#: unique words, one per kind of record, that must be gone after the run
TOKENS = ["Vexworth", "Quorrington", "Blimpstead", "Zanfolio", "Krumholtz", "Wobbleton", "Pelliquin", "Throssick",
          "Dunkerflax"]


def _records(worker):
    agency = worker.agency
    with acting_as(worker):
        victim = PersonFactory(owner_agency=agency, forename="Vexworth", surname="Quorrington")
        offender = PersonFactory(owner_agency=agency, forename="Blimpstead", surname="Zanfolio")
        case = make_case(agency, title="Krumholtz noise", location="Krumholtz Yard", closed_on=EVENT)
        party = make_party(case, name="Blimpstead Zanfolio", person=offender)
        make_warning(case, party, issued=EVENT - dt.timedelta(days=200))
        CaseNote.objects.create(case=case, contact_type="visit", contact_on=EVENT, text="Saw Vexworth",
                                author=worker)
        Victimisation.objects.create(owner_agency=agency, person=victim, kind="crime", occurred_on=EVENT,
                                     summary="Vexworth was burgled", created_at=_at(EVENT))
        for cohort in ("iom", "gangs"):
            CohortMembership.objects.create(owner_agency=agency, person=offender, cohort=cohort,
                                            started_on=EVENT - dt.timedelta(days=400), ended_on=EVENT,
                                            notes="Wobbleton contacts")
        MaracMeeting.objects.create(owner_agency=agency, held_on=EVENT, chair="Pelliquin (chair)",
                                    location="Pelliquin House", created_at=_at(EVENT))
        Site.objects.create(owner_agency=agency, name="Throssick Arena", address="1 Throssick Road", use="other",
                            capacity=100,
                            created_at=_at(EVENT))
        ThreatAssessment.objects.create(owner_agency=agency, month=EVENT, national_level="substantial",
                                        national_level_set_on=EVENT, local_assessment="Dunkerflax", produced_on=EVENT,
                                        author=worker)
    return case


def _at(day):
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def _schedule():
    """A rule for every category there is (read from policy.categories): the periods differ, ASB cases are
    reviewed by their owner, victimisations anonymised, the rest deleted."""
    actions = {"asb": "review", "victim": "anonymise"}
    for months, category in enumerate(sorted(CATEGORIES), start=12):
        RetentionRule.objects.create(category=category, period_months=months, trigger="last_contact",
                                     action=actions.get(category, "delete"))
    return max(rule.period_months for rule in RetentionRule.objects.all())


def _people_in_dump():
    return {token for _, token in found_in_database(TOKENS)}


def _clean_audit() -> bool:
    out, err = StringIO(), StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue().count(": intact;") == 2 and err.getvalue() == ""  # a break raises CommandError


def test_every_record_goes_once_the_clock_passes_every_period_and_nothing_personal_remains():
    owner = UserFactory(role="manager")
    case = _records(owner)
    longest = _schedule()
    assert _people_in_dump() == {t.lower() for t in TOKENS}

    # Before any period has passed, nothing is due.
    report = run.retention_run(today=run.add_months(EVENT, 11))
    assert not report.counts and ReviewItem.objects.count() == 0

    # Records dated by their creation (person records, notices without a case closed) were created today.
    far = run.add_months(timezone.localdate(), longest + 1)
    dry = run.retention_run(today=far, dry_run=True)
    assert dry.counts[("asb.asbcase", "asb", run.PUT_ON_REVIEW)] == 1 and ReviewItem.objects.count() == 0

    first = run.retention_run(today=far)
    assert first.counts[("asb.asbcase", "asb", run.PUT_ON_REVIEW)] == 1
    assert first.counts[("victims.victimisation", "victim", run.ANONYMISED)] == 1
    assert first.counts[("offenders.cohortmembership", "gangs", run.DELETED)] == 1
    assert first.counts[("offenders.cohortmembership", "offender", run.DELETED)] == 1
    # The ASB case (awaiting review) still names the offender through its party: that person stays.
    assert first.counts[("people.person", "person", run.STILL_NEEDED)] == 1
    assert first.counts[("people.person", "person", run.DELETED)] == 1  # the victim (anonymised record only)
    assert first.counts[("asb.protectionnotice", "enforcement", run.DELETED)] == 1
    assert _people_in_dump() == {"blimpstead", "zanfolio", "krumholtz", "vexworth"}

    item = ReviewItem.objects.get(record_type="asb.asbcase", record_id=str(case.pk))
    asb_months = RetentionRule.objects.get(category="asb").period_months
    assert (item.status, item.owner_agency_id, item.due_on) == (ReviewStatus.DUE, owner.agency_id,
                                                                 run.add_months(EVENT, asb_months))
    services.review_let_go(actor=owner, item=item)
    second = run.retention_run(today=far)
    assert second.counts[("asb.asbcase", "asb", run.DELETED)] == 1
    assert second.counts[("people.person", "person", run.DELETED)] == 1
    assert _people_in_dump() == set()
    assert _clean_audit()
    assert ReviewItem.objects.get(pk=item.pk).status == ReviewStatus.ERASED


def test_a_kept_record_is_due_again_after_its_new_date_and_a_held_one_is_left(django_capture_on_commit_callbacks):
    owner = UserFactory(role="manager")
    with acting_as(owner):
        kept = make_case(owner.agency, title="Kept", closed_on=EVENT)
        held = make_case(owner.agency, title="Held", closed_on=EVENT)
    RetentionRule.objects.create(category="asb", period_months=12, trigger="case_closed", action="review")
    today = run.add_months(EVENT, 13)
    run.retention_run(today=today)
    items = {i.record_id: i for i in ReviewItem.objects.all()}
    assert set(items) == {str(kept.pk), str(held.pk)}
    services.review_keep(actor=owner, item=items[str(kept.pk)], reason="Complaint open", keep_until=dt.date(2099, 1, 1))
    services.review_let_go(actor=owner, item=items[str(held.pk)])
    LegalHold.objects.create(record_type="asb.asbcase", record_id=str(held.pk), owner_agency=owner.agency,
                             label="Held", reason="Civil claim", placed_by=owner)
    report = run.retention_run(today=today)
    assert report.counts == {("asb.asbcase", "asb", run.KEPT): 1, ("asb.asbcase", "asb", run.HELD): 1}
    # Past the new date the kept case is due again, from that date.
    again = run.retention_run(today=dt.date(2099, 1, 2))
    assert again.counts[("asb.asbcase", "asb", run.PUT_ON_REVIEW)] == 1
    item = ReviewItem.objects.get(record_id=str(kept.pk))
    assert (item.status, item.due_on, item.keep_until) == (ReviewStatus.DUE, dt.date(2099, 1, 1), None)


def test_the_command_reports_counts_per_model_and_category():
    owner = UserFactory(role="manager")
    with acting_as(owner):
        make_case(owner.agency, title="Old", closed_on=EVENT)
    RetentionRule.objects.create(category="asb", period_months=12, trigger="case_closed", action="delete")
    out = StringIO()
    call_command("retention_run", "--today", "2020-03-01", "--dry-run", stdout=out)
    assert "asb.asbcase [asb]: 1 deleted" in out.getvalue() and "dry run" in out.getvalue()
    call_command("retention_run", "--today", "2020-02-29", stdout=out)  # one day short of twelve months
    assert out.getvalue().endswith("nothing due\nFiles removed: 0; audit rows whose values were erased: 0\n")
