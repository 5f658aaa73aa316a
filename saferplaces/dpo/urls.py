from django.urls import path

from saferplaces.dpo import views

app_name = "dpo"
urlpatterns = [
    path("", views.home, name="home"),
    path("dpias/", views.dpia_list, name="dpias"),
    path("dpias/new/", views.dpia_edit, name="dpia_create"),
    path("dpias/<int:pk>/", views.dpia_detail, name="dpia_detail"),
    path("dpias/<int:pk>/edit/", views.dpia_edit, name="dpia_edit"),
    path("processing/", views.processing_record, name="processing"),
    path("processing/export/", views.processing_csv, name="processing_csv"),
    path("breaches/", views.breach_list, name="breaches"),
    path("breaches/new/", views.breach_edit, name="breach_create"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/edit/", views.breach_edit, name="breach_edit"),
]
