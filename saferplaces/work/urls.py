from django.urls import path

from saferplaces.work import views

app_name = "work"
urlpatterns = [
    path("", views.my_work, name="my_work"),
]
