"""Keeping the plan: coordinators add, change and close objectives, actions and KPIs; each change and
its reason show in the record's history; forms say what to enter."""

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.plans import services
from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import KPI, Action, ActionUpdate, DeliveryGroup, Objective, Source, Status
from saferplaces.policy.rules import PermissionDenied, may
from tests.factories import AgencyFactory, UserFactory

NOT_COORDINATORS = [Role.CASEWORKER, Role.ANALYST, Role.READ_ONLY_PARTNER, Role.SCRUTINY, Role.DPO, Role.MANAGER]


@pytest.fixture
def plan(db):
    return plan_import()


@pytest.fixture
def coordinator(client):
    user = UserFactory(role=Role.COORDINATOR)
    client.force_login(user)
    return user


def _action():
    return Action.objects.exclude(text="").order_by("pk").first()


def _kpi_form(**changes):
    form = {"name": "Repeat victims of domestic abuse referred to MARAC", "unit": "percentage",
            "direction": "down", "target": "28", "baseline": "31", "baseline_note": "2016/17, SafeLives",
            "cadence": "quarterly", "source": "manual", "measure_key": "",
            "source_note": "SafeLives MARAC data", "reason": "Board set a baseline"}
    form.update(changes)
    return form


def _action_form(**changes):
    form = {"text": "Reduce repeat burglary in the West End", "lead": "Police", "kpi_text": "Repeat rate",
            "deadline_text": "31/03/2019", "note": "", "reason": "Board agreed new wording"}
    form.update(changes)
    return form


def _routes():
    action = _action()
    return [
        ("plans:objective_add", action.objective.group_id, {"text": "New", "reason": ""}),
        ("plans:objective_edit", action.objective_id, {"text": "New", "reason": ""}),
        ("plans:action_add", action.objective_id, _action_form()),
        ("plans:action_edit", action.pk, _action_form()),
        ("plans:action_close", action.pk, {"status": "dropped", "date": "2018-03-01", "reason": "Merged"}),
        ("plans:kpi_add", action.pk, _kpi_form()),
        ("plans:kpi_edit", KPI.objects.order_by("pk").first().pk, _kpi_form()),
    ]


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_coordinators_keep_the_plan(client, plan, role):
    client.force_login(UserFactory(role=role))
    before = ChangeRecord.objects.count()
    for name, pk, data in _routes():
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, data).status_code == 403, name
    assert ChangeRecord.objects.count() == before
    # but they read every plan record's page, history included
    for name, pk in (("plans:objective", _action().objective_id), ("plans:action", _action().pk),
                     ("plans:kpi", KPI.objects.order_by("pk").first().pk)):
        page = client.get(reverse(name, args=[pk]))
        assert page.status_code == 200 and b"History of changes" in page.content


def test_services_refuse_those_without_plans_manage(plan):
    reader = UserFactory(role=Role.ANALYST)
    action = _action()
    with pytest.raises(PermissionDenied):
        services.objective_edit(actor=reader, objective=action.objective, text="x")
    with pytest.raises(PermissionDenied):
        services.action_close(actor=reader, action=action, status=Status.DROPPED, reason="x")


def test_coordinator_changes_an_objective_and_its_page_shows_who_what_and_why(client, plan, coordinator):
    objective = Objective.objects.filter(group__key="victim").order_by("pk").first()
    old_text = objective.text
    url = reverse("plans:objective_edit", args=[objective.pk])
    assert "Enter the objective as the board agreed it" in client.post(url, {"text": " "}).content.decode()
    assert "Leave the strand blank" in client.post(url, {"text": "x", "strand": "Prevent"}).content.decode()
    response = client.post(url, {"number": "1a", "strand": "", "text": "Reduce repeat victimisation",
                                 "note": "", "reason": "Wording agreed at the March board"})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.number, objective.text) == ("1a", "Reduce repeat victimisation")
    change = ChangeRecord.objects.filter(record_type="plans.objective", record_id=str(objective.pk)).first()
    assert change.reason == "Wording agreed at the March board" and change.actor == coordinator
    page = client.get(reverse("plans:objective", args=[objective.pk])).content.decode()
    assert "Wording agreed at the March board" in page and coordinator.display_name in page
    assert old_text[:30] in page and "Reduce repeat victimisation" in page


def test_a_contest_objective_needs_its_strand(client, plan, coordinator):
    group = DeliveryGroup.objects.get(key="contest")
    url = reverse("plans:objective_add", args=[group.pk])
    assert "Enter the strand as Protect, Prepare or Prevent" in client.post(
        url, {"text": "Support people vulnerable to radicalisation", "strand": "Pursue"}).content.decode()
    last = group.objectives.order_by("-order").first()
    text = "Support and safeguard individuals vulnerable to radicalisation"
    assert client.post(url, {"number": "4", "strand": "Prevent", "reason": "Lost from the appendix",
                             "text": text}).status_code == 302
    added = group.objectives.order_by("-order").first()
    assert added.order == last.order + 1 and added.strand == "Prevent"
    assert ChangeRecord.objects.get(record_type="plans.objective", record_id=str(added.pk)).reason == \
        "Lost from the appendix"


def test_coordinator_adds_an_action_with_leads_and_changes_them_with_history(client, plan, coordinator):
    objective = _action().objective
    lead, police = UserFactory(role=Role.MANAGER), AgencyFactory()
    url = reverse("plans:action_add", args=[objective.pk])
    page = client.get(url).content.decode()
    assert lead.display_name in page and police.name in page
    response = client.post(url, _action_form(lead_users=[lead.pk], lead_agencies=[police.pk], reason="New action"))
    assert response.status_code == 302
    action = objective.actions.order_by("-order").first()
    assert action.text == "Reduce repeat burglary in the West End"
    assert list(action.lead_users.all()) == [lead] and list(action.lead_agencies.all()) == [police]
    # the lead may now record updates and finds the action in "My work"
    assert may(lead, "plans.update_action", action)
    other = AgencyFactory()
    url = reverse("plans:action_edit", args=[action.pk])
    assert client.post(url, _action_form(lead_agencies=[other.pk], reason="The council leads now")).status_code == 302
    assert list(action.lead_users.all()) == [] and list(action.lead_agencies.all()) == [other]
    page = client.get(reverse("plans:action", args=[action.pk])).content.decode()
    assert "Lead agencies" in page and police.short_name in page and other.short_name in page
    assert "Lead people" in page and lead.display_name in page and "The council leads now" in page


@pytest.mark.parametrize("text, message", [
    ("31/02/2019", "Enter a real date, like 31/03/2019"),
    ("2019-03-31", "Enter the deadline as a date like 31/03/2019"),
    ("Q4 2019", "Enter the deadline as a date like 31/03/2019"),
])
def test_a_deadline_the_plan_cannot_read_is_refused(client, plan, coordinator, text, message):
    action = _action()
    response = client.post(reverse("plans:action_edit", args=[action.pk]), _action_form(deadline_text=text))
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.deadline_text != text


@pytest.mark.parametrize("text, label", [("Mar-19", "31 March 2019"), ("Quarterly", "Quarterly"),
                                         ("Before school summer holidays", "When an event happens")])
def test_a_deadline_the_plan_reads_is_kept_and_shown_as_read(client, plan, coordinator, text, label):
    action = _action()
    assert client.post(reverse("plans:action_edit", args=[action.pk]),
                       _action_form(deadline_text=text)).status_code == 302
    action.refresh_from_db()
    assert action.deadline_text == text
    assert f"Read now as: {label}" in client.get(reverse("plans:action_edit", args=[action.pk])).content.decode()


def test_closing_an_action_records_a_final_update_with_the_reason(client, plan, coordinator):
    action = _action()
    url = reverse("plans:action_close", args=[action.pk])
    page = client.post(url, {"status": "", "date": "", "reason": " "}).content.decode()
    assert "Select whether the action is complete or dropped" in page
    assert "Enter the date the action ended" in page and "Enter why the action is closed" in page
    assert client.post(url, {"status": "dropped", "date": "2018-03-01",
                             "reason": "Merged into the housing action"}).status_code == 302
    update = action.updates.get()
    assert (update.status, update.narrative, update.author) == (Status.DROPPED, "Merged into the housing action",
                                                                  coordinator)
    assert ChangeRecord.objects.get(record_type="plans.actionupdate", record_id=str(update.pk)).reason == \
        "Merged into the housing action"
    assert Action.objects.filter(pk=action.pk).exists() and ActionUpdate.objects.count() == 1
    page = client.post(url, {"status": "complete", "date": "2018-03-02", "reason": "Again"}).content.decode()
    assert "The action was closed on 1 March 2018 (dropped). To reopen it, record an update" in page
    assert ActionUpdate.objects.count() == 1
    with pytest.raises(ValueError, match="already closed"):
        services.action_close(actor=coordinator, action=action, status=Status.COMPLETE, reason="Again")


def test_kpi_definition_with_cadence_baseline_and_source(client, plan, coordinator):
    action = _action()
    url = reverse("plans:kpi_add", args=[action.pk])
    page = client.post(url, _kpi_form(source_note="")).content.decode()
    assert "Enter where the figure entered each period comes from" in page
    page = client.post(url, _kpi_form(source="survey", source_note="")).content.decode()
    assert "Enter the survey the figure comes from" in page
    page = client.post(url, _kpi_form(source="return", source_note="")).content.decode()
    assert "Enter the partner and the return the figure comes from" in page
    page = client.post(url, _kpi_form(source="measure")).content.decode()
    assert "Choose the measure that computes this KPI" in page
    page = client.post(url, _kpi_form(target="140")).content.decode()
    assert "Enter the target as a percentage from 0 to 100" in page
    page = client.post(url, _kpi_form(baseline="")).content.decode()
    assert "Enter the baseline figure, or leave its period or source blank" in page
    page = client.post(url, _kpi_form(name="", cadence="")).content.decode()
    assert "Enter the KPI as the board agreed it" in page and "Select how often it is reported" in page
    assert not action.kpis.filter(name__startswith="Repeat victims").exists()

    response = client.post(url, _kpi_form())
    kpi = action.kpis.get(name__startswith="Repeat victims")
    assert response.url == reverse("plans:kpi", args=[kpi.pk])
    assert (kpi.cadence, kpi.baseline, kpi.baseline_note, kpi.target, kpi.source_note) == (
        "quarterly", 31, "2016/17, SafeLives", 28, "SafeLives MARAC data")

    edit = reverse("plans:kpi_edit", args=[kpi.pk])
    assert client.post(edit, _kpi_form(cadence="annual", target="25", reason="Stretch target")).status_code == 302
    page = client.get(reverse("plans:kpi", args=[kpi.pk])).content.decode()
    assert "Stretch target" in page and "Board set a baseline" in page
    assert "from &ldquo;Quarterly&rdquo; to &ldquo;Annual&rdquo;" in page
    assert "from &ldquo;28.0&rdquo; to &ldquo;25.0&rdquo;" in page


def test_a_measure_sourced_kpi_needs_no_note(client, plan, coordinator):
    from saferplaces.plans import measures

    key = measures.choices()[0][0]
    action = _action()
    assert client.post(reverse("plans:kpi_add", args=[action.pk]),
                       _kpi_form(source="measure", measure_key=key, source_note="")).status_code == 302
    kpi = action.kpis.get(source=Source.MEASURE)
    page = client.post(reverse("plans:kpi_edit", args=[kpi.pk]), _kpi_form(source="manual", measure_key=key))
    assert "Choose None, or choose" in page.content.decode()


def test_the_history_table_reads_as_sentences(client, plan, coordinator):
    action = _action()
    action.deadline_text = "Mar-18"
    action.save()
    response = client.post(reverse("plans:action_edit", args=[action.pk]),
                           _action_form(deadline_text="Mar-19", reason="Deadline moved by the board"), follow=True)
    page = response.content.decode()
    assert "Its deadline is read as: 31 March 2019" in page
    history = page[page.index('id="history"'):]
    assert "<strong>Deadline</strong> from &ldquo;Mar-18&rdquo; to &ldquo;Mar-19&rdquo;" in history
    assert "<strong>Wording</strong> from" in history and "to &ldquo;Reduce repeat burglary" in history
    assert "Deadline moved by the board" in history and "The system" in history  # the import added it


def test_a_kpis_page_names_its_readings_by_its_own_periods_and_charts_them(plan, coordinator, client):
    """A monthly KPI's readings are months, not quarters, in its table and on its chart's axis."""
    import datetime as dt

    from saferplaces.plans.models import Cadence, KPIReading

    kpi = KPI.objects.order_by("pk").first()
    kpi.cadence, kpi.target = Cadence.MONTHLY, 5
    kpi.save()
    for month, value in ((1, 3), (2, 4), (3, 6)):
        KPIReading.objects.create(kpi=kpi, period_start=dt.date(2019, month, 1), value=value)
    page = client.get(reverse("plans:kpi", args=[kpi.pk])).content.decode()
    assert "January 2019" in page and "March 2019" in page  # the table
    assert "<svg" in page and "Jan 2019" in page and "Mar 2019" in page and "monthly readings" in page  # the chart
    assert "Quarter starting" not in page
