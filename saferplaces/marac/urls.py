from django.urls import path

from saferplaces.marac import views

app_name = "marac"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("return/", views.quarterly, name="quarterly"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/cases/add/", views.case_add, name="case_add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/research/", views.research_submit, name="research_submit"),
    path("cases/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
