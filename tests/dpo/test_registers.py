"""The DPIA register, the record of processing and the breach log."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.dpo import processing
from saferplaces.dpo.models import Breach
from saferplaces.policy import categories
from saferplaces.policy.models import InformationSharingAgreement
from saferplaces.retention.models import RetentionAction, RetentionRule, TriggerEvent
from tests.dpo.builders import make_breach, make_dpia
from tests.factories import UserFactory


def test_an_agreement_page_names_the_dpias_that_rely_on_it(client, world):
    agreement = InformationSharingAgreement.objects.filter(parties=world.partner).get()
    make_dpia(world.users["dpo"], title="Shared person records DPIA", category="person", agreements=[agreement])
    make_dpia(world.users["dpo"], title="Unlinked DPIA")
    client.force_login(world.users["manager"])
    html = client.get(reverse("policy:isa_detail", args=[agreement.pk])).content.decode()
    assert "Shared person records DPIA" in html and "Unlinked DPIA" not in html


def test_the_register_flags_reviews_and_is_each_agencys_own(client, world):
    dpo = world.users["dpo"]
    today = timezone.localdate()
    overdue = make_dpia(dpo, title="Late review", review_date=today - dt.timedelta(days=1))
    make_dpia(dpo, title="Soon review", review_date=today + dt.timedelta(days=30))
    client.force_login(dpo)
    html = client.get(reverse("dpo:dpias")).content.decode()
    assert html.count("Review overdue") == 1 and html.count("Review due") == 1
    assert "1 overdue for review, 1 due within 30 days" in client.get(reverse("dpo:home")).content.decode()
    stranger = UserFactory(agency=world.partner, role=Role.DPO)
    client.force_login(stranger)
    assert client.get(reverse("dpo:dpia_detail", args=[overdue.pk])).status_code == 404
    assert "Late review" not in client.get(reverse("dpo:dpias")).content.decode()


def test_the_record_of_processing_is_generated_from_agreements_dpias_and_categories(world):
    RetentionRule.objects.create(category="person", period_months=72, trigger=TriggerEvent.CASE_CLOSED,
                                 action=RetentionAction.REVIEW)
    make_dpia(world.users["dpo"], title="People DPIA", category="person", module="people",
              review_date=dt.date(2026, 1, 1))
    record = processing.record_of_processing(world.own, dt.date(2026, 6, 1))
    assert [row.code for row in record.rows] == list(categories.CATEGORIES)
    person = next(row for row in record.rows if row.code == "person")
    # The ended agreement with the other trust shares nothing and is not in the record.
    assert person.recipients == ("Partner Police",)
    assert person.lawful_bases == ("Crime and Disorder Act 1998, section 115",)
    assert person.dpias == ("People DPIA (review 01 January 2026: overdue)",)
    assert "People" in person.modules
    assert (person.legal_class, person.retention) == (categories.category_class("person").label,
                                                      "72 months from case closed, then review by the owning agency")
    victim = next(row for row in record.rows if row.code == "victim")
    assert victim.recipients == ()
    assert victim.legal_class == categories.category_class("victim").label != person.legal_class
    assert victim.retention == processing.NOT_SET
    assert "Repeat victims" in next(row for row in record.rows if row.code == "domestic_abuse").modules


def test_the_record_of_processing_downloads_as_csv(client, world):
    client.force_login(world.users["dpo"])
    response = client.get(reverse("dpo:processing_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["category_code"] for r in rows] == list(categories.CATEGORIES)
    assert {r["controller"] for r in rows} == {"Own Council"}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"reported_at": "2026-01-01 09:00"}, "reported_at", "must be after the agency became aware"),
    ({"reportable": "no"}, "decision_reason", "Enter why the breach is unlikely to result in a risk"),
    ({"reported_at": "2026-01-09 09:00", "reportable": "yes"}, "ico_reference", "Enter the reference the ICO"),
    ({"reported_at": "2026-01-09 09:00", "reportable": "yes", "ico_reference": "ICO/1"}, "delay_reason",
     "Enter why the report came after 72 hours"),
    ({"subjects_told": "yes"}, "subjects_told_on", "Enter when the data subjects were told"),
])
def test_the_breach_form_asks_for_what_the_law_needs(client, world, changes, field, message):
    data = {"title": "Lost laptop", "aware_at": "2026-01-02 09:00", "description": "Left on a train",
            "data_categories": ["asb"], "subjects_approx": "30", "consequences": "Disclosure",
            "measures": "Remote wipe", "reportable": "undecided", "subjects_told": "undecided", **changes}
    client.force_login(world.users["dpo"])
    response = client.post(reverse("dpo:breach_create"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Breach.objects.exists()


def test_a_recorded_breach_shows_its_clock(client, world):
    dpo = world.users["dpo"]
    client.force_login(dpo)
    response = client.post(reverse("dpo:breach_create"), {
        "title": "Lost laptop", "aware_at": "2026-01-02 09:00", "description": "Left on a train",
        "data_categories": ["asb"], "subjects_approx": "30", "consequences": "Disclosure", "measures": "Wipe",
        "reportable": "yes", "reported_at": "2026-01-04 10:30", "ico_reference": "ICO/7",
        "subjects_told": "undecided"})
    breach = Breach.objects.get()
    assert response.url == breach.get_absolute_url() and breach.owner_agency == world.own
    html = client.get(breach.get_absolute_url()).content.decode()
    assert "Reported to the ICO 49 hours after becoming aware" in html
    assert "5 January 2026 09:00" in html  # the deadline
    open_breach = make_breach(dpo, aware_at=timezone.now() - dt.timedelta(hours=80))
    assert "Overdue: the 72 hours ended 8 hours ago" in client.get(reverse("dpo:breaches")).content.decode()
    assert open_breach.reference in client.get(reverse("dpo:home")).content.decode()


@pytest.mark.django_db
def test_the_demo_loads_marked_samples_and_reloads_without_duplicates():
    from io import StringIO

    from saferplaces.dpo import demo
    from saferplaces.dpo.models import DPIA

    UserFactory(username="dpo.wcc", role=Role.DPO)
    for _ in range(2):
        demo.load(StringIO())
    assert DPIA.objects.count() == 2 and Breach.objects.count() == 2
    assert all(d.is_sample and "(sample)" in d.title for d in DPIA.objects.all())
    assert all(b.is_sample and "(sample)" in b.title for b in Breach.objects.all())
