"""policy.rules.may: role permissions, rules about one record, access actions; and the template tag."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from saferplaces.accounts.roles import Role
from saferplaces.places.models import PriorityArea, TaskingAction, TaskingMeeting
from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import Action
from saferplaces.policy.rules import may, require_permission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_permissions_follow_the_role_table(world):
    assert may(world.users["coordinator"], "plans.manage")
    assert not may(world.users["caseworker"], "plans.manage")
    assert not may(AnonymousUser(), "plans.view")
    assert not may(UserFactory(role=Role.COORDINATOR, is_active=False), "plans.manage")
    with pytest.raises(KeyError):
        may(world.users["coordinator"], "plans.mange")


def test_require_permission_refuses_with_403(world):
    require_permission(world.users["coordinator"], "plans.manage")
    with pytest.raises(PermissionDenied):
        require_permission(world.users["caseworker"], "plans.manage")


def test_a_plan_action_is_updated_by_its_leads_its_chair_and_coordinators(world):
    plan_import()
    action = Action.objects.select_related("objective__group").first()
    lead, chair, bystander = (UserFactory(role=Role.CASEWORKER) for _ in range(3))
    action.lead_users.add(lead)
    group = action.objective.group
    group.chair_user = chair
    group.save()
    assert may(lead, "plans.update_action", action)
    assert may(chair, "plans.update_action", action)
    assert may(world.users["coordinator"], "plans.update_action", action)
    assert not may(bystander, "plans.update_action", action)
    # Leading an action does not outlast the role that reads the plan.
    lead.is_active = False
    assert not may(lead, "plans.update_action", action)
    with pytest.raises(TypeError):
        may(lead, "plans.update_action")


def _tasking_action(owner_user=None):
    ring = [[-0.18, 51.51], [-0.16, 51.51], [-0.16, 51.53], [-0.18, 51.53], [-0.18, 51.51]]
    area = PriorityArea.objects.create(name="Rules area", geometry={"type": "Polygon", "coordinates": [ring]})
    meeting = TaskingMeeting.objects.create(title="Rules meeting", held_on=dt.date(2025, 1, 6))
    return TaskingAction.objects.create(meeting=meeting, description="Rules action", owner_agency=owner_user.agency,
                                        owner_user=owner_user, raised_on=meeting.held_on,
                                        due_on=dt.date(2025, 2, 6), priority_area=area)


def test_a_tasking_action_is_updated_by_its_owner_and_tasking_managers(world):
    owner = UserFactory(role=Role.CASEWORKER)
    action = _tasking_action(owner_user=owner)
    assert may(owner, "places.update_action", action)
    assert may(world.users["manager"], "places.update_action", action)
    assert not may(world.users["caseworker"], "places.update_action", action)
    assert not may(world.users["dpo"], "places.update_action", action)  # no places.view


def test_access_actions_on_a_record_ask_policy_access(world):
    assert may(world.users["caseworker"], "view", world.people["grant"])
    assert not may(world.users["caseworker"], "change", world.people["grant"])
    assert not may(world.users["caseworker"], "view", world.people["unrelated"])


def test_the_template_tag_asks_for_the_signed_in_user(world):
    template = Template('{% load policy %}{% may "plans.manage" as ok %}{% if ok %}yes{% else %}no{% endif %}'
                        '{% may "view" record as seen %}{% if seen %}+{% else %}-{% endif %}')
    for role, expected in (("coordinator", "yes-"), ("caseworker", "no+")):
        request = RequestFactory().get("/")
        request.user = world.users[role]
        assert template.render(Context({"request": request, "record": world.people["own"]})) == expected
