"""Production settings pass Django's deployment check with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _clean_environment() -> dict:
    """A production-like environment: none of the test suite's own settings leak in."""
    return {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}


def test_check_deploy_has_no_warnings(tmp_path):
    env = _clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="a-long-random-production-secret-" + "k8Zq2Lm9Xv4Rt7Wp1Ys6" * 3,
        ALLOWED_HOSTS="saferplaces.example.org",
        SAFERPLACES_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _clean_environment()
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SAFERPLACES_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_govuk_asset_paths_redirect_to_static_files_without_sign_in(client):
    response = client.get("/assets/fonts/light-94a07e06a1-v2.woff2")
    assert response.status_code == 301
    assert response["Location"] == "/static/govuk/assets/fonts/light-94a07e06a1-v2.woff2"


def test_every_stylesheet_and_script_the_layout_names_is_found():
    import re

    from django.contrib.staticfiles import finders

    layout = (ROOT / "saferplaces" / "templates" / "base.html").read_text()
    names = re.findall(r"{% static '([^']+)' %}", layout)
    assert len(names) >= 4
    missing = [name for name in names if finders.find(name) is None]
    assert not missing, f"static files the layout links but nobody serves: {missing}"
