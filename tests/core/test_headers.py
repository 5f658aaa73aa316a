"""Response headers: a nonce-based content security policy on app pages with no inline script, and
no caching of anything but static files."""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "saferplaces" / "templates"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_have_a_nonce_based_policy_without_inline_script_and_are_not_cached(client, world):
    client.force_login(world.users["caseworker"])
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    policy = _directives(response)
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1 and len(nonces[0]) > 20
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    nonce = nonces[0][len("'nonce-"):-1]
    scripts = re.findall(rb"<script[^>]*>", response.content)
    assert scripts and all(f'nonce="{nonce}"'.encode() in tag for tag in scripts), scripts
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("people:list"))
    assert _directives(again)["script-src"] != policy["script-src"], "a new nonce for every response"


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_exports_of_personal_data_are_not_cached(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("people:export"), {"q": "Olive", "reason": "casework"})
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert "'nonce-" in response["Content-Security-Policy"]


def test_static_files_keep_their_caching_and_have_no_page_policy(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/saferplaces/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def test_no_template_has_inline_script_or_style_attributes():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", text, flags=re.S | re.I):
            if tag.strip():
                offenders.append(f"{template.relative_to(ROOT)}: inline script")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if 'nonce="{{ request.csp_nonce }}"' not in tag or "src=" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
        if re.search(r"\son[a-z]+\s*=|\sstyle\s*=|javascript:", text, flags=re.I):
            offenders.append(f"{template.relative_to(ROOT)}: event handler, style attribute or javascript: URL")
    assert not offenders, offenders



def test_the_evidence_report_keeps_its_own_scriptless_policy_and_is_not_cached(client, world):
    from tests.access_table import assessment

    client.force_login(world.users["coordinator"])
    response = client.get(reverse("insights:report", kwargs=assessment(world, "own")))
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == ["'none'"] and "script-src" not in policy
    # Framed only by the app's own report page (same origin), never by another site.
    assert policy["frame-ancestors"] == ["'self'"] and response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]
