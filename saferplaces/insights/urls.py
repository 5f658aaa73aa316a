from django.urls import path

from saferplaces.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_create, name="create"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/report/", views.run_report, name="report"),
    path("did-it-work/", views.evaluate, name="evaluate"),
]
