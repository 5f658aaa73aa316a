from django.urls import path

from saferplaces.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_create, name="create"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/report/", views.run_report, name="report"),
    path("<int:pk>/report/read/", views.run_report_page, name="report_page"),
    path("did-it-work/", views.evaluate, name="evaluate"),
    path("did-it-work/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("did-it-work/<int:pk>/progress/", views.evaluation_progress, name="evaluation_progress"),
    path("did-it-work/counts/", views.evaluate_counts, name="evaluate_counts"),
]
