from django.urls import path

from saferplaces.offenders import views, views_report

app_name = "offenders"
urlpatterns = [
    path("", views.overlap_report, name="overlap"),
    path("export/", views.overlap_export, name="overlap_export"),
    path("members/", views.members, name="members"),
    path("members/export/", views.members_export, name="members_export"),
    path("import/", views.membership_import, name="import"),
    path("people/<int:person_pk>/add/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/notes/", views.membership_notes, name="membership_notes"),
    path("memberships/<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("notes/<int:pk>/correct/", views.note_correct, name="note_correct"),
    path("notes/<int:pk>/file/", views.note_file, name="note_file"),
    path("offending/import/", views_report.offences_import, name="offences_import"),
    path("performance/", views_report.performance, name="performance"),
]
