"""Priority areas, tasking meetings and actions: services, permissions, the report, its measures,
the pages and the demo."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.places import selectors, services
from saferplaces.places.boundaries import Boundary
from saferplaces.places.models import ActionStatus, PriorityArea, TaskingAction
from saferplaces.plans import measures
from saferplaces.plans.quarters import Quarter
from tests.factories import UserFactory

D = dt.date
# Two hand-made squares in longitude/latitude: "North" and "South"; points between them are elsewhere.
NORTH = {"type": "Polygon", "coordinates": [[[-0.20, 51.52], [-0.18, 51.52], [-0.18, 51.54], [-0.20, 51.54],
                                             [-0.20, 51.52]]]}
SOUTH = {"type": "Polygon", "coordinates": [[[-0.14, 51.50], [-0.12, 51.50], [-0.12, 51.52], [-0.14, 51.52],
                                             [-0.14, 51.50]]]}
IN_NORTH, IN_SOUTH, OUTSIDE = (-0.19, 51.53), (-0.13, 51.51), (-0.16, 51.51)


@pytest.fixture
def tasking(world):
    coordinator = world.users["coordinator"]
    north = services.priority_area_create(actor=coordinator, name="North", boundary=Boundary(NORTH, (), ()))
    south = services.priority_area_create(actor=coordinator, name="South", boundary=Boundary(SOUTH, (), ()))
    meeting = services.tasking_meeting_create(actor=coordinator, title="Tasking", held_on=D(2018, 2, 1),
                                              chair=coordinator, attendees=[world.users["caseworker"]],
                                              agencies=[world.partner])
    return coordinator, north, south, meeting


def _action(actor, meeting, owner_agency, **kwargs):
    kwargs.setdefault("due_on", meeting.held_on + dt.timedelta(days=14))
    kwargs.setdefault("description", "Patrol")
    return services.tasking_action_create(actor=actor, meeting=meeting, owner_agency=owner_agency, **kwargs)


def test_meeting_records_attendees_agencies_and_change_history(world, tasking):
    coordinator, north, south, meeting = tasking
    assert set(meeting.agencies.all()) == {world.own, world.partner}  # the attendees' and chair's too
    item = services.agenda_item_add(actor=coordinator, meeting=meeting, title="Market", priority_area=north)
    assert item.order == 1
    record = ChangeRecord.objects.get(record_type="places.taskingmeeting", record_id=str(meeting.pk))
    assert record.actor == coordinator and record.after["title"] == "Tasking"


def test_action_takes_its_agenda_items_area_and_checks_its_point(world, tasking):
    coordinator, north, south, meeting = tasking
    item = services.agenda_item_add(actor=coordinator, meeting=meeting, title="Market", priority_area=north)
    action = _action(coordinator, meeting, world.own, agenda_item=item)
    assert action.priority_area == north and action.raised_on == meeting.held_on
    _action(coordinator, meeting, world.own, priority_area=north, longitude=IN_NORTH[0], latitude=IN_NORTH[1])
    with pytest.raises(services.TaskingError, match="outside North"):
        _action(coordinator, meeting, world.own, priority_area=north, longitude=IN_SOUTH[0], latitude=IN_SOUTH[1])
    with pytest.raises(services.TaskingError, match="both longitude and latitude"):
        _action(coordinator, meeting, world.own, longitude=IN_SOUTH[0])


def test_action_owner_must_work_for_the_owning_agency_and_due_after_raised(world, tasking):
    coordinator, north, south, meeting = tasking
    with pytest.raises(services.TaskingError, match="does not work for Partner Police"):
        _action(coordinator, meeting, world.partner, owner_user=world.users["caseworker"])
    with pytest.raises(services.TaskingError, match="due date cannot be before"):
        _action(coordinator, meeting, world.own, due_on=D(2018, 1, 1))


def test_only_managers_and_coordinators_record_tasking(world, tasking):
    coordinator, north, south, meeting = tasking
    for role in (Role.CASEWORKER, Role.ANALYST, Role.READ_ONLY_PARTNER, Role.DPO, Role.SCRUTINY):
        with pytest.raises(PermissionDenied):
            _action(world.users[role.value], meeting, world.own)
    assert _action(world.users["manager"], meeting, world.own).pk


def test_owner_updates_their_action_others_cannot(world, tasking):
    coordinator, north, south, meeting = tasking
    owner = world.users["caseworker"]
    action = _action(coordinator, meeting, world.own, owner_user=owner)
    with pytest.raises(PermissionDenied):
        services.tasking_action_update(actor=world.users["read_only_partner"], action=action, status="in_progress")
    with pytest.raises(services.TaskingError, match="Describe the outcome"):
        services.tasking_action_update(actor=owner, action=action, status=ActionStatus.DONE)
    services.tasking_action_update(actor=owner, action=action, status=ActionStatus.DONE, outcome="Patrolled",
                                   completed_on=D(2018, 2, 10))
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.DONE, D(2018, 2, 10))
    # Reopening clears the completion date.
    services.tasking_action_update(actor=coordinator, action=action, status=ActionStatus.OPEN)
    action.refresh_from_db()
    assert action.completed_on is None


def test_overdue_is_open_and_past_due(world, tasking):
    coordinator, north, south, meeting = tasking
    late = _action(coordinator, meeting, world.own, due_on=D(2018, 3, 1))
    done = _action(coordinator, meeting, world.own, due_on=D(2018, 3, 1))
    services.tasking_action_update(actor=coordinator, action=done, status=ActionStatus.DONE, outcome="Done",
                                   completed_on=D(2018, 2, 20))
    _action(coordinator, meeting, world.own, due_on=D(2018, 4, 1))
    overdue = selectors.actions(actor=coordinator, overdue_only=True, on=D(2018, 3, 2))
    assert list(overdue) == [late]
    assert late.is_overdue(D(2018, 3, 2)) and not late.is_overdue(D(2018, 3, 1))


def _report_world(world, tasking):
    coordinator, north, south, meeting = tasking
    _action(coordinator, meeting, world.own, priority_area=north)  # in North by choice
    _action(coordinator, meeting, world.own, longitude=IN_SOUTH[0], latitude=IN_SOUTH[1])  # in South by its point
    _action(coordinator, meeting, world.own, longitude=OUTSIDE[0], latitude=OUTSIDE[1])  # elsewhere
    _action(coordinator, meeting, world.own)  # no location
    later = services.tasking_meeting_create(actor=coordinator, title="Later", held_on=D(2018, 4, 2))
    _action(coordinator, later, world.own, longitude=IN_NORTH[0], latitude=IN_NORTH[1])
    return coordinator


def test_report_counts_by_quarter_with_points_placed_in_areas(world, tasking):
    coordinator = _report_world(world, tasking)
    q1, q2 = selectors.priority_area_report(actor=coordinator, last=Quarter(2018, 2), count=2)
    assert (q1.label, q1.in_areas, q1.elsewhere, q1.no_location) == ("2017/18 Q4", 2, 1, 1)
    assert q1.by_area == (("North", 1), ("South", 1))
    assert (q2.in_areas, q2.elsewhere, q2.no_location, q2.by_area) == (1, 0, 0, (("North", 1), ("South", 0)))


def test_retired_area_no_longer_claims_points_but_keeps_its_given_actions(world, tasking):
    coordinator, north, south, meeting = tasking
    coordinator = _report_world(world, tasking)
    services.priority_area_update(actor=coordinator, area=south, description="", active=False)
    q1 = selectors.priority_area_report(actor=coordinator, last=Quarter(2018, 1), count=1)[0]
    assert (q1.in_areas, q1.elsewhere) == (1, 2)


def test_measures_offer_the_comparison_to_the_plan(world, tasking):
    coordinator = _report_world(world, tasking)
    start, end = Quarter(2018, 1).start, Quarter(2018, 1).end
    assert measures.get("places.actions_in_priority_areas").compute(start, end) == 2.0
    assert measures.get("places.actions_elsewhere").compute(start, end) == 1.0
    assert measures.get("places.priority_area_share").compute(start, end) == pytest.approx(66.7)
    action = TaskingAction.objects.filter(priority_area__name="North").first()
    services.tasking_action_update(actor=coordinator, action=action, status=ActionStatus.DONE, outcome="Done",
                                   completed_on=D(2018, 3, 30))
    assert measures.get("places.actions_completed").compute(start, end) == 1.0
    assert measures.get("places.actions_completed").compute(Quarter(2018, 2).start, Quarter(2018, 2).end) == 0.0
    assert ("places.priority_area_share", "Share of located tasking actions in priority areas") in measures.choices()


def test_the_plan_reads_a_kpi_from_the_measure(world, tasking):
    from saferplaces.plans.importer import plan_import
    from saferplaces.plans.models import KPI, Action, Source
    from saferplaces.plans.services import kpis_compute

    _report_world(world, tasking)
    plan_import()
    action = Action.objects.get(text__startswith="Ensure priority areas are prioritised")
    kpi = KPI.objects.create(action=action, name="Actions in priority areas", source=Source.MEASURE,
                             measure_key="places.actions_in_priority_areas")
    kpis_compute(quarter=Quarter(2018, 1))
    assert kpi.readings.get().value == 2.0


def test_report_page_and_csv(client, world, tasking):
    _report_world(world, tasking)
    client.force_login(world.users["analyst"])
    page = client.get(reverse("places:report"), {"quarter": "2018-Q2"})
    assert page.status_code == 200 and "2017/18 Q4" in page.content.decode()
    response = client.get(reverse("places:report_csv"), {"quarter": "2018-Q2"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:8] == ["Quarter", "From", "To", "In priority areas", "Elsewhere", "No location", "Total",
                           "Share in priority areas (%)"]
    assert rows[0][8:] == ["In North", "In South"]
    assert [row[0] for row in rows[1:]] == ["2017/18 Q2", "2017/18 Q3", "2017/18 Q4", "2018/19 Q1"]
    assert rows[3] == ["2017/18 Q4", "2018-01-01", "2018-03-31", "2", "1", "1", "4", "66.7", "1", "1"]
    assert rows[4][:7] == ["2018/19 Q1", "2018-04-01", "2018-06-30", "1", "0", "0", "1"]


def test_uploading_a_boundary_and_the_error_for_a_bad_file(client, world):
    client.force_login(world.users["coordinator"])
    bad = SimpleUploadedFile("area.geojson", json.dumps(
        {"type": "Polygon", "coordinates": [[[530000, 180000], [531000, 180000], [531000, 181000],
                                             [530000, 180000]]]}).encode())
    response = client.post(reverse("places:area_create"), {"name": "Soho", "boundary": bad})
    assert response.status_code == 200
    assert "not longitude/latitude" in response.content.decode()
    assert not PriorityArea.objects.exists()
    good = SimpleUploadedFile("area.geojson", json.dumps(NORTH).encode())
    response = client.post(reverse("places:area_create"), {"name": "Soho", "boundary": good})
    area = PriorityArea.objects.get(name="Soho")
    assert response.status_code == 302 and response["Location"] == area.get_absolute_url()
    download = client.get(reverse("places:area_geojson", args=[area.pk]))
    assert json.loads(download.content)["features"][0]["geometry"] == NORTH


def test_recording_an_action_through_the_page(client, world, tasking):
    coordinator, north, south, meeting = tasking
    client.force_login(coordinator)
    response = client.post(reverse("places:action_create", args=[meeting.pk]), {
        "description": "Close the crack house", "owner_agency": world.own.pk,
        "owner_user": world.users["caseworker"].pk, "due_on": "2018-03-01", "priority_area": south.pk,
        "latitude": str(IN_NORTH[1]), "longitude": str(IN_NORTH[0])})
    assert response.status_code == 200 and "The point is outside South" in response.content.decode()
    response = client.post(reverse("places:action_create", args=[meeting.pk]), {
        "description": "Close the crack house", "owner_agency": world.own.pk,
        "owner_user": world.users["caseworker"].pk, "due_on": "2018-03-01", "priority_area": north.pk,
        "latitude": str(IN_NORTH[1]), "longitude": str(IN_NORTH[0])})
    assert response.status_code == 302
    action = TaskingAction.objects.get()
    # The owner (a caseworker, without places.manage) may update it from the page.
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("places:action_update", args=[action.pk])).status_code == 200
    client.post(reverse("places:action_update", args=[action.pk]),
                {"status": "in_progress", "due_on": "2018-03-08", "outcome": ""})
    action.refresh_from_db()
    assert (action.status, action.due_on) == ("in_progress", D(2018, 3, 8))
    other = UserFactory(agency=world.own, role=Role.CASEWORKER)
    client.force_login(other)
    assert client.get(reverse("places:action_update", args=[action.pk])).status_code == 403


def test_actions_list_shows_overdue(client, world, tasking):
    coordinator, north, south, meeting = tasking
    _action(coordinator, meeting, world.own, description="Late patrol", due_on=D(2018, 2, 10))
    client.force_login(world.users["caseworker"])
    page = client.get(reverse("places:actions"), {"status": "overdue"}).content.decode()
    assert "Late patrol" in page and "Overdue" in page
    assert client.get(reverse("places:actions"), {"status": "nonsense"}).status_code == 404


def test_demo_loads_three_priority_areas_meetings_and_kpis(world):
    from io import StringIO

    from saferplaces.accounts import demo as accounts_demo
    from saferplaces.places import demo
    from saferplaces.plans import demo as plans_demo
    from saferplaces.plans.models import KPI

    accounts_demo.load(StringIO())
    plans_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())  # safe to run again
    assert set(PriorityArea.objects.values_list("name", flat=True)) == {"Church Street", "Queen's Park", "West End"}
    assert TaskingAction.objects.count() == len(demo.ACTIONS)
    assert KPI.objects.filter(measure_key="places.priority_area_share").count() == 1
    # The demo points fall where the demo says: Harrow Road in Queen's Park, Leicester Square in the West End.
    areas = {a.name: a.geometry for a in PriorityArea.objects.all()}
    from saferplaces.places.boundaries import area_containing

    assert area_containing(areas, -0.2050, 51.5300) == "Queen's Park"
    assert area_containing(areas, -0.1300, 51.5103) == "West End"
    assert area_containing(areas, -0.1440, 51.4960) is None  # Victoria


def test_recording_a_meeting_and_its_agenda_through_the_pages(client, world):
    coordinator = world.users["coordinator"]
    area = services.priority_area_create(actor=coordinator, name="North", boundary=Boundary(NORTH, (), ()))
    client.force_login(coordinator)
    response = client.post(reverse("places:meeting_create"), {"title": "", "held_on": "2018-02-30"})
    body = response.content.decode()
    assert "Enter the meeting&#x27;s title" in body and "Enter a real date" in body
    response = client.post(reverse("places:meeting_create"), {
        "title": "North tasking", "held_on": "2018-02-01", "chair": coordinator.pk,
        "attendees": [world.users["caseworker"].pk], "agencies": [world.partner.pk]})
    from saferplaces.places.models import TaskingMeeting

    meeting = TaskingMeeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    client.post(reverse("places:agenda_add", args=[meeting.pk]), {"title": "Market", "priority_area": area.pk})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Market" in page and "Partner Police" in page and world.users["caseworker"].display_name in page
    client.post(reverse("places:area_edit", args=[area.pk]), {"description": "Retired in 2019"})
    area.refresh_from_db()
    assert not area.active and area.description == "Retired in 2019"


def test_actions_list_filters_to_my_actions(client, world, tasking):
    coordinator, north, south, meeting = tasking
    _action(coordinator, meeting, world.own, description="Mine to do", owner_user=world.users["caseworker"])
    _action(coordinator, meeting, world.own, description="Someone else's")
    client.force_login(world.users["caseworker"])
    page = client.get(reverse("places:actions"), {"owner": "me"}).content.decode()
    assert "Mine to do" in page and "Someone else" not in page
    assert "Your open actions: 1" in client.get(reverse("places:areas")).content.decode()


def test_agenda_lists_asb_cases_only_to_those_who_may_see_them(client, world, tasking):
    from saferplaces.asb.models import CaseStatus
    from saferplaces.places.forms import AgendaItemForm
    from tests.asb.builders import make_case

    _, _, _, meeting = tasking
    manager = world.users["manager"]  # places.manage and may see its own agency's cases
    ours = make_case(world.own, title="Noise at Olive Court")
    hidden = make_case(world.other, title="Hidden Trust case")
    closed = make_case(world.own, title="Closed case", status=CaseStatus.CLOSED)
    choices = set(AgendaItemForm(actor=manager).fields["asb_case"].queryset)
    assert ours in choices and hidden not in choices and closed not in choices
    with pytest.raises(services.TaskingError, match="may not see"):
        services.agenda_item_add(actor=manager, meeting=meeting, title="Hidden", asb_case=hidden)
    services.agenda_item_add(actor=manager, meeting=meeting, title="Olive Court noise", asb_case=ours)

    client.force_login(manager)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert ours.reference in page and ours.get_absolute_url() in page
    partner_manager = UserFactory(agency=world.partner, role=Role.MANAGER)
    client.force_login(partner_manager)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "An ASB case held by Own Council that your agency cannot see" in page
    assert ours.reference not in page and "Olive Court" not in page.replace("Olive Court noise", "")


def test_agenda_items_area_is_a_default_a_point_elsewhere_is_no_error_about_it(world, tasking):
    """The agenda item's area was never chosen for the action: a point outside it locates the action
    instead of refusing it with "the point is outside <area>"."""
    coordinator, north, south, meeting = tasking
    item = services.agenda_item_add(actor=coordinator, meeting=meeting, title="Market", priority_area=north)
    elsewhere = _action(coordinator, meeting, world.own, agenda_item=item, longitude=IN_SOUTH[0], latitude=IN_SOUTH[1])
    assert elsewhere.priority_area is None and (elsewhere.longitude, elsewhere.latitude) == IN_SOUTH
    inside = _action(coordinator, meeting, world.own, agenda_item=item, longitude=IN_NORTH[0], latitude=IN_NORTH[1])
    assert inside.priority_area == north
    # Chosen, the area is still checked against the point.
    with pytest.raises(services.TaskingError, match="outside North"):
        _action(coordinator, meeting, world.own, agenda_item=item, priority_area=north, longitude=IN_SOUTH[0],
                latitude=IN_SOUTH[1])


def test_action_status_filter_offers_each_choice_once(client, world, tasking):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("places:actions")).content.decode()
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                         page.split('id="status"')[1].split("</select>")[0])
    values, labels = [v for v, _ in options], [label for _, label in options]
    assert len(values) == len(set(values)) and len(labels) == len(set(labels)), options
    assert ("open", "Open or in progress") in options and ("in_progress", "In progress") in options


def test_chair_and_owner_lists_show_names_grouped_by_agency(client, world, tasking):
    coordinator, north, south, meeting = tasking
    caseworker = world.users["caseworker"]
    partner_officer = UserFactory(agency=world.partner, role=Role.CASEWORKER, first_name="Pat", last_name="Partner")
    client.force_login(coordinator)
    for url in (reverse("places:meeting_create"), reverse("places:action_create", args=[meeting.pk])):
        page = client.get(url).content.decode()
        assert f'<optgroup label="{world.partner.name}">' in page and f'<optgroup label="{world.own.name}">' in page
        assert f'value="{partner_officer.pk}">Pat Partner</option>' in page
        assert f">{caseworker.display_name}</option>" in page
        assert f">{caseworker.username}</option>" not in page
        # Staff who cannot read the places module are not offered.
        assert f'value="{world.users["dpo"].pk}"' not in page
    response = client.post(reverse("places:action_create", args=[meeting.pk]), {
        "description": "Patrol", "owner_agency": world.own.pk, "owner_user": partner_officer.pk,
        "due_on": "2018-03-01"})
    assert response.status_code == 200
    assert f"Pat Partner does not work for {world.own.name}: choose an officer" in response.content.decode()
    assert not TaskingAction.objects.exists()
