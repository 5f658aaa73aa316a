from django.urls import path

from saferplaces.core import importpage, views

app_name = "core"
urlpatterns = [
    path("modules/", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("imports/mappings/", importpage.mappings_page, name="import_mappings"),
]
