from django.urls import path

from saferplaces.contest import urls_reporting, views

app_name = "contest"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/", views.site_list, name="sites"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
]

# Threat assessments, police deployment returns and Prevent reporting.
urlpatterns += urls_reporting.urlpatterns
