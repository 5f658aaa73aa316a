"""The Victims' Code complaints log: each agency logs its own; everyone who reads the plan sees the
counts by agency."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from saferplaces.victims.models import ComplaintOutcome, VictimsCodeComplaint

TODAY = timezone.localdate()


def test_a_caseworker_logs_a_complaint_for_their_own_agency_and_the_log_counts_it(world, client):
    client.force_login(world.users["caseworker"])
    response = client.post(reverse("victims:complaint_create"), {
        "received_on": (TODAY - dt.timedelta(days=3)).isoformat(), "right": "4", "stage": "provider",
        "outcome": "open", "answered_on": "", "reference": "C-17"})
    assert response.status_code == 302
    complaint = VictimsCodeComplaint.objects.get()
    assert (complaint.agency, complaint.right, complaint.recorded_by) == (world.own, "4", world.users["caseworker"])
    client.force_login(world.users["coordinator"])
    html = client.get(reverse("victims:complaints")).content.decode()
    assert "Own Council" in html and "Right 4: to be referred to services that support victims" in html
    assert "Log a complaint" not in html  # a coordinator reads; agencies log their own


def test_the_form_says_what_to_enter(world, client):
    client.force_login(world.users["caseworker"])
    html = client.post(reverse("victims:complaint_create"), {"stage": "provider", "outcome": "upheld"}).content.decode()
    assert "Enter the date the complaint was received" in html
    assert "Choose the right the complaint is about" in html
    assert "Enter the date the complaint was answered" in html
    html = client.post(reverse("victims:complaint_create"), {
        # the clock is read now, not at import: a run that crosses midnight would make "tomorrow" today
        "received_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat(), "right": "1", "stage": "provider",
        "outcome": "open"}).content.decode()
    assert "The date received cannot be in the future" in html
    html = client.post(reverse("victims:complaint_create"), {
        "received_on": TODAY.isoformat(), "right": "1", "stage": "provider", "outcome": "open",
        "answered_on": TODAY.isoformat()}).content.decode()
    assert "Select the outcome of the answered complaint" in html
    assert not VictimsCodeComplaint.objects.exists()


def test_only_roles_that_record_casework_may_log(world, client):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("victims:complaint_create")).status_code == 403
    client.force_login(world.users["scrutiny"])
    assert client.get(reverse("victims:complaints")).status_code == 200
    VictimsCodeComplaint.objects.create(agency=world.partner, received_on=TODAY, right="12",
                                        outcome=ComplaintOutcome.OPEN)
    assert "Partner Police" in client.get(reverse("victims:complaints")).content.decode()


def test_closing_a_referral_records_whether_the_outcome_was_positive(world, client):
    from saferplaces.victims.models import Referral, ReferralStatus, Service
    from tests.factories import AgreementFactory

    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim"])
    referral = Referral.objects.create(owner_agency=world.own, person=world.people["own"], service=Service.IDVA,
                                       referred_on=TODAY - dt.timedelta(days=5), consent_given=True)
    url = reverse("victims:referral_update", kwargs={"pk": referral.pk})
    client.force_login(world.users["caseworker"])
    client.post(url, {"justification-form": "1", "reason": "casework"})  # the gate asks why first
    data = {"status": ReferralStatus.CLOSED, "status_on": TODAY.isoformat(), "outcome": "Safer at home",
            "outcome_positive": "yes"}
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.outcome_positive is True
    data.update(status=ReferralStatus.ACCEPTED, outcome="")  # only a closed referral has an outcome to judge
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.outcome_positive is None
