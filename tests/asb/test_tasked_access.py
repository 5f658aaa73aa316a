"""Being tasked gives the tasked officer access for the task's life; only the lead agency brings
another agency into a case (issue 18, finding 4 (d))."""

import pytest
from django.urls import reverse

from saferplaces.asb import services
from saferplaces.asb.models import Task
from saferplaces.policy import access
from tests.asb.builders import TODAY, days_ago, make_case, make_party, make_warning
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_tasked_officer_sees_the_case_while_the_task_is_open_and_their_colleagues_never(world):
    case = make_case(world.other)
    warning = make_warning(case, make_party(case))
    officer, colleague = world.users["caseworker"], world.users["manager"]
    task = services.task_add(actor=UserFactory(agency=world.other, role="caseworker"), case=case, title="Visit",
                             assigned_agency=world.own, assigned_to=officer, due_on=days_ago(-3))
    assert access.can(officer, "change", case) and access.can(officer, "view", warning)
    assert not access.can(colleague, "view", case) and not access.can(colleague, "view", warning)
    services.task_complete(actor=officer, task=task)
    assert not access.can(officer, "view", case) and not access.can(officer, "view", warning)


def test_a_task_for_another_agency_names_its_officer(world):
    case = make_case(world.own)
    lead = world.users["caseworker"]
    with pytest.raises(services.CaseError, match="Name the officer at Other Health Trust"):
        services.task_add(actor=lead, case=case, title="Visit", assigned_agency=world.other, due_on=TODAY)
    reader = UserFactory(agency=world.other, role="read_only_partner")
    with pytest.raises(services.CaseError, match="role cannot work on cases"):
        services.task_add(actor=lead, case=case, title="Visit", assigned_agency=world.other, assigned_to=reader,
                          due_on=TODAY)
    # The lead agency's own tasks may be for anyone in it.
    services.task_add(actor=lead, case=case, title="Visit", assigned_agency=world.own, due_on=TODAY)


def test_a_tasked_officer_cannot_bring_a_further_agency_in(client, world):
    case = make_case(world.other)
    officer = world.users["caseworker"]
    Task.objects.create(case=case, title="Visit", assigned_agency=world.own, assigned_to=officer, due_on=TODAY)
    third = AgencyFactory(name="Third Housing")
    stranger = UserFactory(agency=third, role="caseworker")
    with pytest.raises(services.CaseError, match="Only the lead agency, Other Health Trust, gives tasks"):
        services.task_add(actor=officer, case=case, title="Fit a door", assigned_agency=third, assigned_to=stranger,
                          due_on=TODAY)
    client.force_login(officer)
    client.post(reverse("asb:case_detail", kwargs={"pk": case.pk}), {"justification-form": "1", "reason": "casework"})
    response = client.post(reverse("asb:task_add", kwargs={"pk": case.pk}),
                           {"title": "Fit a door", "assigned_agency": str(third.pk), "assigned_to": str(stranger.pk),
                            "due_on": TODAY.isoformat()})
    assert response.status_code == 200 and "Only the lead agency" in response.content.decode()
    assert not access.can(stranger, "view", case)
    # Handing work back to the lead agency is allowed.
    services.task_add(actor=officer, case=case, title="Call back", assigned_agency=world.other, due_on=TODAY)
