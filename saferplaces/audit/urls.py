from django.urls import path

from saferplaces.audit import views

app_name = "audit"
urlpatterns = [
    path("access/", views.access_events, name="events"),
    path("changes/", views.change_history, name="changes"),
]
