from django.urls import include, path

from saferplaces.api.endpoints import urlpatterns as api_v1_urls

urlpatterns = [
    path("", include("saferplaces.work.urls")),
    path("", include("saferplaces.core.urls")),
    path("accounts/", include("saferplaces.accounts.urls")),
    path("policy/", include("saferplaces.policy.urls")),
    path("audit/", include("saferplaces.audit.urls")),
    path("people/", include("saferplaces.people.urls")),
    path("victims/", include("saferplaces.victims.urls")),
    path("offenders/", include("saferplaces.offenders.urls")),
    path("evidence/", include("saferplaces.insights.urls")),
    path("plan/", include("saferplaces.plans.urls")),
    path("places/", include("saferplaces.places.urls")),
    path("asb/", include("saferplaces.asb.urls")),
    path("geo/", include("saferplaces.geo.urls")),
    path("map/", include("saferplaces.maps.urls")),
    path("marac/", include("saferplaces.marac.urls")),
    path("meetings/", include("saferplaces.meetings.urls")),
    path("notifications/", include("saferplaces.notifications.urls")),
    path("directory/", include("saferplaces.directory.urls")),
    path("contest/", include("saferplaces.contest.urls")),
    path("retention/", include("saferplaces.retention.urls")),
    path("rights/", include("saferplaces.rights.urls")),
    path("api/v1/", api_v1_urls()),
    path("partner-systems/", include("saferplaces.api.urls")),
    path("dpo/", include("saferplaces.dpo.urls")),
]

# The 400, 403 and 404 pages are Django's handlers with the templates 400.html, 403.html, 404.html
# (in the service's layout); the 500 page is rendered without the request (core.views.server_error).
handler500 = "saferplaces.core.views.server_error"
