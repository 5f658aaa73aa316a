from django.urls import path

from saferplaces.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.index, name="index"),
    path("sar/new/", views.sar_create, name="sar_create"),
    path("sar/<int:pk>/", views.sar_detail, name="sar_detail"),
    path("sar/<int:pk>/find/", views.sar_find, name="sar_find"),
    path("sar/<int:pk>/extend/", views.sar_extend, name="sar_extend"),
    path("sar/<int:pk>/redactions/new/", views.redaction_add, name="redaction_add"),
    path("sar/<int:pk>/redactions/<int:redaction_pk>/", views.redaction_decide, name="redaction_decide"),
    path("sar/<int:pk>/package.json", views.sar_json, name="sar_json"),
    path("sar/<int:pk>/package.pdf", views.sar_pdf, name="sar_pdf"),
    path("sar/<int:pk>/complete/", views.sar_complete, name="sar_complete"),
    path("partners/", views.partner_requests, name="partner_requests"),
    path("partners/<int:pk>/", views.partner_request, name="partner_request"),
    path("people/<int:pk>/correct/", views.person_correct, name="person_correct"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
]
