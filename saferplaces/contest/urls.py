from django.urls import path

from saferplaces.contest import views

app_name = "contest"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/", views.site_list, name="sites"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
]
