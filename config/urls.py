from django.urls import include, path
from django.views.generic import RedirectView
from django.contrib.auth.decorators import login_not_required

urlpatterns = [
    path("", include("saferplaces.core.urls")),
    path("accounts/", include("saferplaces.accounts.urls")),
    path("policy/", include("saferplaces.policy.urls")),
    path("audit/", include("saferplaces.audit.urls")),
    path("people/", include("saferplaces.people.urls")),
    # GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets/.
    path(
        "assets/<path:path>",
        login_not_required(RedirectView.as_view(url="/static/govuk/assets/%(path)s", permanent=True)),
        name="govuk_assets",
    ),
]
