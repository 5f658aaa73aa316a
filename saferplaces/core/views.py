from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from saferplaces.core.context import current_request_id
from saferplaces.core.navigation import navigation_for


def home(request):
    modules = [item for item in navigation_for(request.user, request.path) if item["url"] != "/"]
    return render(request, "core/home.html", {"modules": modules})


@login_not_required
@require_GET
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # the point of a health check is to report, not raise
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database}, status=status)


# The accessibility statement's dates: change them when the statement is reviewed or the service is
# audited again (the regulations ask for a statement kept up to date, reviewed at least once a year).
STATEMENT_PREPARED = date(2026, 11, 26)
STATEMENT_REVIEWED = date(2026, 11, 26)
LAST_TESTED = date(2026, 11, 26)


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement, after the GOV.UK model statement (Public Sector Bodies (Websites and
    Mobile Applications) (No. 2) Accessibility Regulations 2018, regulation 8): how accessible the
    service is, what is known not to be, whom to contact, and how to complain."""
    return render(request, "core/accessibility.html", {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
        "prepared_on": STATEMENT_PREPARED, "reviewed_on": STATEMENT_REVIEWED, "tested_on": LAST_TESTED,
        "session_hours": settings.SAFERPLACES_SESSION_MAX_HOURS,
    })


def server_error(request):
    """The 500 page (``handler500``), rendered without the request: no session, user, database or
    context processor, which may be what failed. It names the request id for the administrator."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({
        "service_name": settings.SERVICE_NAME, "partnership_name": settings.PARTNERSHIP_NAME,
        "request_id": current_request_id.get()}))


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (``CSRF_FAILURE_VIEW``): the service's layout, what to do."""
    return render(request, "403_csrf.html", status=403)
