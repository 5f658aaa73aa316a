"""Settings for the test suite: the real settings with test-only secrets and fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Uploaded files and evidence runs of the tests go to a fresh temporary folder.
os.environ.setdefault("SAFERPLACES_VAR_DIR", tempfile.mkdtemp(prefix="saferplaces-test-"))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Most tests sign in with force_login and no second factor; tests of the second factor turn it on.
SAFERPLACES_REQUIRE_2FA = False
# Tests never reach a tile server: maps are the plain boundary view (tests of tiles turn them on).
MAP_TILES = None
