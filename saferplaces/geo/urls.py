from django.urls import path

from saferplaces.geo import views

app_name = "geo"
urlpatterns = [
    path("postcode/", views.postcode_lookup, name="postcode_lookup"),
    path("boundary.geojson", views.boundary, name="boundary"),
]
