from django.urls import path

from saferplaces.contest import urls_prepare, urls_reporting, views

app_name = "contest"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/assess/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:pk>/", views.recommendation_update, name="recommendation_update"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_edit, name="request_edit"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_edit, name="scheme_edit"),
    path("training/", views.training_list, name="training"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/<int:pk>/", views.training_edit, name="training_edit"),
]

# Prepare's routes, and the threat assessments, police deployment returns and Prevent reporting, kept in
# modules of their own.
urlpatterns += urls_prepare.urlpatterns + urls_reporting.urlpatterns
