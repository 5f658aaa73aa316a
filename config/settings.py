"""Django settings. Every setting that differs between machines comes from the environment.

Environment variables:

* ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/saferplaces``; SQLite in ``var/`` when unset.
* ``SECRET_KEY``: required unless ``DEBUG`` is on.
* ``DEBUG``: ``1`` for local development and the demo only.
* ``ALLOWED_HOSTS``: comma-separated host names.
* ``SECURE_SSL_REDIRECT``: ``0`` when TLS is terminated by a proxy that already redirects.
* ``SAFERPLACES_REQUIRE_2FA``: ``0`` only where sign-in is behind the partnership's single sign-on.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"
VAR_DIR = Path(os.environ.get("SAFERPLACES_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "development-only-key-not-for-any-deployed-system-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "saferplaces.core",
    "saferplaces.accounts",
    "saferplaces.audit",
    "saferplaces.policy",
    "saferplaces.people",
    "saferplaces.victims",
    "saferplaces.offenders",
    "saferplaces.insights",
    "saferplaces.plans",
    "saferplaces.places",
    "saferplaces.asb",
    "saferplaces.geo",
    "saferplaces.maps",
    "saferplaces.marac",
    "saferplaces.meetings",
    "saferplaces.notifications",
    "saferplaces.work",
    "saferplaces.directory",
    "saferplaces.contest",
    "saferplaces.retention",
    "saferplaces.rights",
    "saferplaces.api",
    "saferplaces.dpo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "saferplaces.core.middleware.GovUKAssetsRedirectMiddleware",
    "saferplaces.core.middleware.SecurityHeadersMiddleware",  # after static files: they keep their caching
    "saferplaces.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "saferplaces.audit.middleware.ActorMiddleware",
    "saferplaces.policy.middleware.SafeRequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "saferplaces.accounts.middleware.SessionLifetimeMiddleware",
    "saferplaces.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "saferplaces.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "saferplaces" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saferplaces.core.context_processors.service",
                "saferplaces.notifications.context_processors.notifications",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'saferplaces.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it starts, not at its first write: appends to the
    # audit log's hash chain (which read the chain's head first) are then serialised, as on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:my_work"
LOGOUT_REDIRECT_URL = "accounts:login"

# NCSC and OWASP ASVS: length, no composition rules, no common passwords, no names from the context.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "saferplaces.accounts.passwords.GuessablePartsValidator", "OPTIONS": {"min_length": 12}},
]
# A reset link works once (the token hashes the password) and for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
# Reset links asked for an hour, per address and per e-mail (saferplaces/accounts/reset_limit.py), counted
# in the default cache: Django's local-memory cache (no CACHES setting), per process.
PASSWORD_RESET_LIMIT = 5

# Sign-in throttling (saferplaces/accounts/throttle.py): 5 failures for one user name from one address
# hold that pair back for 15 minutes, doubling each time the pair fails again within a day, at most a
# day. Never a permanent lock: a correct password from another address still signs in.
AXES_HANDLER = "saferplaces.accounts.throttle.ThrottleHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "saferplaces.accounts.throttle.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each pair's throttle ends at its own time
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the failures the cool-off grows from
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "saferplaces.accounts.throttle.lockout_response"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SIGN_IN_COOL_OFF = timedelta(minutes=15)
SIGN_IN_COOL_OFF_MAX = timedelta(days=1)
SIGN_IN_MEMORY = timedelta(days=1)

# Second factor (saferplaces/accounts/second_factor.py): an authenticator app (TOTP) with recovery
# codes. Required of every user unless sign-in already sits behind the partnership's single sign-on;
# ``manage.py demo`` turns it off for its own server. A user who has enrolled always gives a code.
SAFERPLACES_REQUIRE_2FA = env_bool("SAFERPLACES_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("PARTNERSHIP_NAME", "Safer Westminster Partnership") + " (Safer Places)"

# Idle timeout: a session lasts 30 minutes from the last request.
SESSION_COOKIE_AGE = 30 * 60
# Absolute lifetime: however active, a session ends this many hours after sign-in
# (saferplaces.accounts.middleware.SessionLifetimeMiddleware).
SAFERPLACES_SESSION_MAX_HOURS = int(os.environ.get("SAFERPLACES_SESSION_MAX_HOURS", "12"))
# Accounts with no sign-in for this many days are deactivated by ``manage.py deactivate_dormant``.
SAFERPLACES_DORMANT_DAYS = int(os.environ.get("SAFERPLACES_DORMANT_DAYS", "90"))
# Not on every request: SessionLifetimeMiddleware saves a session in use once a minute, which keeps the
# idle timeout (to within a minute) without writing the session table on every page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "saferplaces" / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Transport security: on unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets the service's layout and says what to do (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "saferplaces.core.views.csrf_failure"

# Every grant of access to one record ends: at most (and by default) this many days after it is made.
SAFERPLACES_GRANT_DAYS = int(os.environ.get("SAFERPLACES_GRANT_DAYS", "90"))

# Anti-social behaviour casework and enforcement (docs/asb.md): local policy, set per partnership.
ASB = {
    "CPW_COMPLY_DAYS": int(os.environ.get("ASB_CPW_COMPLY_DAYS", "14")),  # time a warning gives to stop
    "CPN_DURATION_MONTHS": int(os.environ.get("ASB_CPN_DURATION_MONTHS", "12")),  # how long a notice lasts
    "CPW_DURATION_MONTHS": int(os.environ.get("ASB_CPW_DURATION_MONTHS", "6")),  # a warning lapses after
    "APPEAL_DAYS": int(os.environ.get("ASB_APPEAL_DAYS", "21")),  # s.46(2) of the 2014 Act
    "FPN_AMOUNT": int(os.environ.get("ASB_FPN_AMOUNT", "100")),  # s.52: at most 100 pounds
    "FPN_PAY_DAYS": int(os.environ.get("ASB_FPN_PAY_DAYS", "14")),  # s.52: no proceedings for 14 days
    "TRIGGER_COMPLAINTS": int(os.environ.get("ASB_TRIGGER_COMPLAINTS", "3")),  # s.104: at most 3 in 6 months
    "TRIGGER_MONTHS": int(os.environ.get("ASB_TRIGGER_MONTHS", "6")),
    "REVIEW_DAYS": int(os.environ.get("ASB_REVIEW_DAYS", "28")),  # the case review's clock
    "SIMILAR_DAYS": int(os.environ.get("ASB_SIMILAR_DAYS", "90")),  # window for similar open cases
    # s.76(5)(g): a closure notice names local sources of housing and legal advice; set the council's own.
    "CLOSURE_ADVICE": os.environ.get(
        "ASB_CLOSURE_ADVICE", "Shelter (housing advice): 0808 800 4444, england.shelter.org.uk. Citizens Advice: "
        "0800 144 8848, citizensadvice.org.uk. Your council's housing options service."),
    "NOTICE_EXPIRY_DAYS": int(os.environ.get("ASB_NOTICE_EXPIRY_DAYS", "28")),  # warn this long before expiry
    "ATTACHMENT_MAX_BYTES": int(os.environ.get("ASB_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))),
    "ATTACHMENT_DIR": Path(os.environ.get("ASB_ATTACHMENT_DIR", VAR_DIR / "asb-attachments")),
}

# The repeat-victim register's thresholds (docs/victims.md; saferplaces.victims.rules): local
# policy, set per partnership. The defaults are the rules' own: 2 of a type in 12 months, and the
# Community Trigger's default of 3 ASB reports in 6 months (s.104 of the 2014 Act).
VICTIMS = {
    "SAME_TYPE_COUNT": int(os.environ.get("VICTIMS_SAME_TYPE_COUNT", "2")),
    "SAME_TYPE_MONTHS": int(os.environ.get("VICTIMS_SAME_TYPE_MONTHS", "12")),
    "ASB_COUNT": int(os.environ.get("VICTIMS_ASB_COUNT", "3")),
    "ASB_MONTHS": int(os.environ.get("VICTIMS_ASB_MONTHS", "6")),
    "REGISTER_PAGE_SIZE": 25,
}

# MARAC (docs/marac.md): the national repeat rate the partnership's rate is shown against, with its
# source. The default is the national figure the Safer Westminster Partnership Strategy 2017-2020
# quotes from SafeLives' Marac data; set the latest from SafeLives' national Marac dataset.
MARAC = {
    "NATIONAL_REPEAT_RATE": float(os.environ.get("MARAC_NATIONAL_REPEAT_RATE", "25")),  # per cent
    "NATIONAL_REPEAT_SOURCE": os.environ.get(
        "MARAC_NATIONAL_REPEAT_SOURCE",
        "SafeLives national Marac data, as quoted in the Safer Westminster Partnership Strategy 2017-2020"),
}

# Evidence uploads (the strategic assessment's police.uk files): limits per file, per run and per
# user, and how long the files of a failed or abandoned run are kept (manage.py evidence_cleanup).
EVIDENCE = {
    "MAX_FILE_MB": int(os.environ.get("SAFERPLACES_EVIDENCE_MAX_MB", "100")),
    "MAX_TOTAL_MB": int(os.environ.get("SAFERPLACES_EVIDENCE_MAX_TOTAL_MB", "300")),
    "RUNS_IN_PROGRESS": int(os.environ.get("SAFERPLACES_EVIDENCE_RUNS_IN_PROGRESS", "2")),
    "RUNS_PER_DAY": int(os.environ.get("SAFERPLACES_EVIDENCE_RUNS_PER_DAY", "10")),
    "KEEP_DAYS": int(os.environ.get("SAFERPLACES_EVIDENCE_KEEP_DAYS", "7")),
}

# Maps (docs/places.md): where the basemap's tiles come from. MAP_TILES_SOURCE is "osm" (the default:
# OpenStreetMap's tiles), "os" (the Ordnance Survey Maps API; needs OS_MAPS_API_KEY, which the browser
# sees in the tile addresses) or "none": a plain view of the boundaries, no tiles, nothing asked of
# another server. The content security policy lets images come from the tile host only when tiles are on.
# MAP_BOUNDARY_FILE names a GeoJSON file of the borough's or its wards' outlines, drawn on every map.
MAP_TILE_SOURCES = {
    "osm": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "max_zoom": 19,
            "attribution": "© OpenStreetMap contributors (openstreetmap.org/copyright)"},
    "os": {"url": "https://api.os.uk/maps/raster/v1/zxy/Road_3857/{z}/{x}/{y}.png?key="
                  + os.environ.get("OS_MAPS_API_KEY", ""), "max_zoom": 20,
           "attribution": "Contains OS data © Crown copyright and database rights"},
}
_tiles = os.environ.get("MAP_TILES_SOURCE", "osm").strip().lower()
if _tiles == "os" and not os.environ.get("OS_MAPS_API_KEY"):
    raise ImproperlyConfigured("MAP_TILES_SOURCE=os needs OS_MAPS_API_KEY (an Ordnance Survey Data Hub key)")
if _tiles not in {*MAP_TILE_SOURCES, "none", ""}:
    raise ImproperlyConfigured(f"MAP_TILES_SOURCE must be osm, os or none, not {_tiles!r}")
MAP_TILES = MAP_TILE_SOURCES.get(_tiles)
MAP_BOUNDARY_FILE = os.environ.get("MAP_BOUNDARY_FILE", "")

# E-mail, for task reminders. Without EMAIL_HOST, messages are written to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safer-places@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # for links in e-mails

SERVICE_NAME = "Safer Places"
# Partnership meetings (saferplaces/meetings/reminders.py): the leads of plan actions are reminded this
# many days before a Board meeting that their updates are due.
MEETINGS_REMINDER_DAYS = int(os.environ.get("MEETINGS_REMINDER_DAYS", "14"))
# The directory of services (saferplaces/directory/freshness.py): each entry is to be reviewed this many
# months after its last review (stale after that on the public page); its keepers are told this many days
# before the review falls due.
DIRECTORY_REVIEW_MONTHS = int(os.environ.get("DIRECTORY_REVIEW_MONTHS", "6"))
DIRECTORY_REVIEW_NOTICE_DAYS = int(os.environ.get("DIRECTORY_REVIEW_NOTICE_DAYS", "30"))
PARTNERSHIP_NAME = os.environ.get("PARTNERSHIP_NAME", "Safer Westminster Partnership")
# Who answers accessibility problems and requests for another format: the accessibility statement
# names them (Public Sector Bodies Accessibility Regulations 2018, regulation 8).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
ACCESSIBILITY_CONTACT_PHONE = os.environ.get("ACCESSIBILITY_CONTACT_PHONE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Quarters in plans and board packs: "financial" (April to March, "2018/19 Q1", as UK boards report)
# or "calendar" ("2018-Q2"); both are read wherever a quarter is typed.
PLAN_QUARTERS = os.environ.get("PLAN_QUARTERS", "financial")

# The gangs cohort (saferplaces/offenders/gangs.py, README): a mark whose three-monthly review is this
# many days overdue is removed, with its data, by the nightly `manage.py gangs_reviews`.
GANGS = {
    "REVIEW_GRACE_DAYS": int(os.environ.get("GANGS_REVIEW_GRACE_DAYS", "28")),
}
# Contest: the day of each month by which that month's threat assessment is due (docs/contest-reporting.md).
CONTEST_THREAT_DUE_DAY = int(os.environ.get("CONTEST_THREAT_DUE_DAY", "5"))

# Mapped imports (saferplaces/core/importpage.py): an uploaded file waits here, under a random name,
# between its upload, the mapping of its columns, the preview and its import; files older than a day
# are removed when the next file is uploaded.
IMPORT_STAGING_DIR = Path(os.environ.get("SAFERPLACES_IMPORT_STAGING_DIR", VAR_DIR / "import-staging"))

# The police.uk feed (saferplaces/insights/police_feed.py, docs/police-feed.md): `manage.py police_feed`
# asks BASE_URL for the months police.uk holds and stores the newest MONTHS not yet held (street-level
# crimes inside the borough's BOUNDARY, a GeoJSON file; the map's outline by default) in DIR, one
# folder per month. The priority-ward crime KPIs count them with the GEOGRAPHY folder's boundaries
# and lookups (by default the latest finished assessment's). Retries: 429 and 5xx answers are asked
# again up to RETRIES times, waiting Retry-After or RETRY_WAIT seconds doubled each time.
POLICE_FEED = {
    "BASE_URL": os.environ.get("POLICE_FEED_BASE_URL", "https://data.police.uk/api"),
    "DIR": Path(os.environ.get("POLICE_FEED_DIR", VAR_DIR / "police-feed")),
    "FORCE": os.environ.get("POLICE_FEED_FORCE", "metropolitan"),
    "BOUNDARY": os.environ.get("POLICE_FEED_BOUNDARY", MAP_BOUNDARY_FILE),
    "GEOGRAPHY": os.environ.get("POLICE_FEED_GEOGRAPHY", ""),
    "MONTHS": int(os.environ.get("POLICE_FEED_MONTHS", "3")),
    "TIMEOUT": int(os.environ.get("POLICE_FEED_TIMEOUT", "120")),
    "RETRIES": int(os.environ.get("POLICE_FEED_RETRIES", "4")),
    "RETRY_WAIT": float(os.environ.get("POLICE_FEED_RETRY_WAIT", "5")),
}

# The partner API (saferplaces/api, docs/api.md): requests per system account in each clock minute.
PARTNER_API = {
    "RATE_PER_MINUTE": int(os.environ.get("PARTNER_API_RATE_PER_MINUTE", "120")),
    # how long a stored Idempotency-Key response answers retries; older ones are forgotten (docs/api.md)
    "IDEMPOTENCY_HOURS": int(os.environ.get("PARTNER_API_IDEMPOTENCY_HOURS", "24")),
}

# Person linkage at scale (docs/linkage.md, "The web app's run at scale"): where a run keeps the engine's
# result while it writes it (a stopped run continues from there), and how many person keys each
# committed batch writes.
LINKAGE = {
    "WORK_DIR": Path(os.environ.get("LINKAGE_WORK_DIR", VAR_DIR / "linkage")),
    "BATCH_SIZE": int(os.environ.get("LINKAGE_BATCH_SIZE", "20000")),
}

# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost. The pages' searches, whose
# per-row EXISTS tests (visibility, a party's name) the planner costs high although the page stops after a
# few rows, spent 1-2 s compiling for a few ms of work, and a team's open caseload on My work 42-238 ms for
# a 30 ms count (at 200,000 cases). The web app's queries are short: no JIT for its connections. An
# operator who wants it sets the server's jit setting and removes this.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
