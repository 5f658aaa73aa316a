from django.urls import path

from saferplaces.victims import views

app_name = "victims"
urlpatterns = [
    path("", views.register, name="register"),
    path("import/", views.victimisation_import, name="import"),
    path("people/<int:person_pk>/refer/", views.referral_create, name="referral_create"),
    path("people/<int:person_pk>/record/", views.victimisation_create, name="victimisation_create"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/update/", views.referral_update, name="referral_update"),
    path("marac/", views.marac_figures, name="marac"),
    path("marac/export/", views.marac_export, name="marac_export"),
]
