"""Error pages (400, 403, 404, 500) are in the service's layout and say what to do next; the 500 page
renders without the request or the database."""

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saferplaces.core.context import current_request_id
from saferplaces.core.views import server_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAYOUT = 'class="moj-header"'


def test_a_missing_page_is_404_in_the_layout_and_says_a_refused_record_looks_the_same(client):
    client.force_login(UserFactory(role="caseworker"))
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and LAYOUT in html and "<h1 class=\"govuk-heading-xl\">Page not found" in html
    assert "a record you may not see looks the same as one that does not exist" in html
    assert "Sign out" in html  # the signed-in layout, with the modules' navigation
    response = client.get(reverse("asb:case_detail", kwargs={"pk": 999999}))
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_page_outside_the_role_is_403_in_the_layout_and_says_who_can_change_the_role(client):
    client.force_login(UserFactory(role="caseworker"))
    response = client.get(reverse("audit:events"))
    html = response.content.decode()
    assert response.status_code == 403 and LAYOUT in html and "You cannot use this page" in html
    assert "Caseworker" in html and "ask your agency's administrator to change your role" in html


def test_a_form_refused_by_the_csrf_check_is_403_in_the_layout_and_says_to_reload():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role="caseworker"))
    response = client.post(reverse("asb:case_create"), {"title": "x"})
    html = response.content.decode()
    assert response.status_code == 403 and LAYOUT in html and "Your form could not be sent" in html
    assert "reload the page and send the form again" in html and "Safer Places" in html


def test_a_bad_request_is_400_in_the_layout(client):
    response = client.get("/", HTTP_HOST="not-this-service.example")
    html = response.content.decode()
    assert response.status_code == 400 and LAYOUT in html and "There is a problem with the request" in html


@override_settings(ROOT_URLCONF="tests.core.error_urls")
def test_a_failure_is_500_in_the_layout_with_the_request_id(client):
    client.raise_request_exception = False
    client.force_login(UserFactory(role="caseworker"))
    response = client.get("/test-failure/", HTTP_X_REQUEST_ID="client-chosen")
    html = response.content.decode()
    assert response.status_code == 500 and LAYOUT in html and "Sorry, there is a problem with the service" in html
    assert "Try again later" in html and "the database went away" not in html
    assert "quote this reference" in html


def test_the_500_page_needs_no_database_and_no_request_context(settings):
    token = current_request_id.set("req-123")
    try:
        with CaptureQueriesContext(connection) as queries:
            response = server_error(RequestFactory().get("/"))
    finally:
        current_request_id.reset(token)
    html = response.content.decode()
    assert response.status_code == 500 and len(queries) == 0
    assert settings.SERVICE_NAME in html and "<strong>req-123</strong>" in html and "Sign out" not in html
