from django.urls import path

from saferplaces.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.partnership_map, name="map"),
]
