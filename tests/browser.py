"""Headless Chromium for browser tests (Debian's package, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None or not AXE_SCRIPT.exists():
        reason = "Chromium or axe-core is not installed (make test installs both)"
        if os.environ.get("SAFERPLACES_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


#: The rules a public-sector service is held to: WCAG 2.0, 2.1 and 2.2 at levels A and AA (the Public
#: Sector Bodies Accessibility Regulations 2018 ask for 2.2 AA), plus axe's best practices (landmarks,
#: one main heading, and the like).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA and best-practice rules on the page and return the violations of
    the given impacts."""
    # Evaluated through the browser's debugging protocol, which the page's content security policy
    # does not govern (a <script> tag added to the page would be refused: it carries no nonce).
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in violations
        if v["impact"] in impacts
    ]


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
