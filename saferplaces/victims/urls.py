from django.urls import path

from saferplaces.victims import views, views_complaints

app_name = "victims"
urlpatterns = [
    path("", views.register, name="register"),
    path("export/", views.register_export, name="register_export"),
    path("import/", views.victimisation_import, name="import"),
    path("people/<int:person_pk>/refer/", views.referral_create, name="referral_create"),
    path("people/<int:person_pk>/record/", views.victimisation_create, name="victimisation_create"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/update/", views.referral_update, name="referral_update"),
    path("victimisations/<int:pk>/notes/", views.victimisation_notes, name="victimisation_notes"),
    path("victimisations/<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("notes/<int:pk>/correct/", views.note_correct, name="note_correct"),
    path("notes/<int:pk>/file/", views.note_file, name="note_file"),
    path("marac/", views.marac_figures, name="marac"),
    path("marac/export/", views.marac_export, name="marac_export"),
    path("complaints/", views_complaints.complaints, name="complaints"),
    path("complaints/record/", views_complaints.complaint_create, name="complaint_create"),
]
