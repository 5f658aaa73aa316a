from django.urls import path

from saferplaces.directory import api, views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("victims/", views.victims, name="victims"),
    path("services/<uuid:pk>/", views.service, name="service"),
    path("services/<uuid:pk>/correct/", views.correction_propose, name="correction_propose"),
    path("services/<uuid:pk>/review/", views.review, name="review"),
    path("manage/", views.manage, name="manage"),
    path("corrections/<int:pk>/", views.correction_decide, name="correction_decide"),
    path("import/csv/", views.import_csv, name="import_csv"),
    path("import/feed/", views.import_feed, name="import_feed"),
    # The Open Referral UK API (directory/api.py): the standard's paths, without a trailing slash.
    path("api/", api.index, name="api"),
    path("api/services", api.services, name="api_services"),
    path("api/services/<uuid:pk>", api.service, name="api_service"),
    path("api/taxonomies", api.taxonomies, name="api_taxonomies"),
    path("api/taxonomies/<uuid:pk>", api.taxonomy, name="api_taxonomy"),
    path("api/taxonomy_terms", api.taxonomy_terms, name="api_taxonomy_terms"),
    path("api/taxonomy_terms/<uuid:pk>", api.taxonomy_term, name="api_taxonomy_term"),
]

# Referrals into the directory's services; commissioned services' contracts and returns (issue 16).
from saferplaces.directory.urls_contracts import urlpatterns as contract_urlpatterns  # noqa: E402

urlpatterns += contract_urlpatterns

# The keepers' forms of organisations and services (directory/views_entries.py).
from saferplaces.directory import views_entries  # noqa: E402

urlpatterns += [
    path("organisations/new/", views_entries.organization_create, name="organization_create"),
    path("organisations/<uuid:pk>/edit/", views_entries.organization_edit, name="organization_edit"),
    path("organisations/<uuid:pk>/services/new/", views_entries.service_create, name="service_create"),
    path("services/<uuid:pk>/edit/", views_entries.service_edit, name="service_edit"),
]
