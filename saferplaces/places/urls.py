from django.urls import path

from saferplaces.places import views, views_pspo

app_name = "places"
urlpatterns = [
    path("", views.area_list, name="areas"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/<int:pk>/", views.area_detail, name="area"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/boundary.geojson", views.area_geojson, name="area_geojson"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("report/", views.area_report, name="report"),
    path("report.csv", views.area_report_csv, name="report_csv"),
    path("pspos/", views_pspo.pspo_list, name="pspos"),
    path("pspos/new/", views_pspo.pspo_create, name="pspo_create"),
    path("pspos/<int:pk>/", views_pspo.pspo_detail, name="pspo_detail"),
    path("pspos/<int:pk>/area.geojson", views_pspo.pspo_geojson, name="pspo_geojson"),
    path("pspos/<int:pk>/steps/add/", views_pspo.pspo_step_add, name="pspo_step_add"),
]
