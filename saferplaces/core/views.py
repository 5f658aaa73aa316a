from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

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


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")
