"""Page titles name the page and its record, and say "Error:" once when a form has errors (WCAG 2.2
2.4.2); the accessibility statement follows the GOV.UK model statement. The browser sweep in
tests/test_accessibility.py checks that no two pages of the access table share a title."""

import re

from django.test import override_settings
from django.urls import reverse

from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import Action


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_each_plan_action_is_titled_with_its_own_text_and_objective(client, world):
    plan_import()
    client.force_login(world.users["administrator"])
    first, second = Action.objects.exclude(text="").order_by("pk")[:2]
    titles = [_title(client.get(reverse("plans:action", kwargs={"pk": a.pk}))) for a in (first, second)]
    assert titles[0] != titles[1]
    assert titles[0].startswith(f"Action: {first.text[:30]}")
    assert f"Objective {first.objective.number} – Plan – Safer Places" in titles[0]


def test_a_form_with_errors_says_error_once_at_the_start_of_the_title(client, world):
    client.force_login(world.users["dpo"])
    title = _title(client.post(reverse("policy:isa_create"), {"title": ""}))
    assert title.startswith("Error: ") and title.count("Error") == 1
    assert not _title(client.get(reverse("policy:isa_create"))).startswith("Error")


def test_no_template_adds_the_error_prefix_that_base_html_adds_itself():
    """``base.html`` starts the title with "Error: " for a form with errors or an ``error`` message; a page
    adding its own for those said it twice (the import mapping, the board pack, a contract figure)."""
    from pathlib import Path

    import saferplaces

    templates = Path(saferplaces.__file__).parent / "templates"
    doubled = [str(path.relative_to(templates)) for path in templates.rglob("*.html")
               if re.search(r"{%\s*block title\s*%}{%\s*if (form\.errors|error)\s*%}Error", path.read_text())]
    assert doubled == []


@override_settings(ACCESSIBILITY_CONTACT_EMAIL="access@example.org", ACCESSIBILITY_CONTACT_PHONE="020 7946 0000")
def test_the_statement_names_contacts_dates_enforcement_and_known_failures(client):
    text = client.get(reverse("core:accessibility")).content.decode()
    for part in ("mailto:access@example.org", "020 7946 0000", "Enforcement procedure",
                 "Equality Advisory and Support Service", "partially compliant",
                 "Non-compliance with the accessibility regulations", "2.2.1", "prepared on 26 November 2026",
                 "last tested on 26 November 2026"):
        assert part in text, part
    assert "navigate the whole service using just a keyboard" not in text
