from django.urls import path

from saferplaces.audit import views

app_name = "audit"
urlpatterns = [
    path("access/", views.access_events, name="events"),
    path("access/export/", views.access_events_export, name="events_export"),
    path("changes/", views.change_history, name="changes"),
]
