from django.urls import path

from saferplaces.offenders import views

app_name = "offenders"
urlpatterns = [
    path("", views.overlap_report, name="overlap"),
    path("export/", views.overlap_export, name="overlap_export"),
    path("members/", views.members, name="members"),
]
