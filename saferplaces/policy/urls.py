from django.urls import path

from saferplaces.policy import views

app_name = "policy"
urlpatterns = [
    path("agreements/", views.agreement_list, name="isa_list"),
    path("agreements/new/", views.agreement_edit, name="isa_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="isa_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="isa_edit"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="isa_sign"),
    path("agreements/<int:pk>/end/", views.agreement_end, name="isa_end"),
    path("grants/new/<str:record_type>/<int:pk>/", views.grant_create, name="grant_create"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
