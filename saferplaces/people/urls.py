from django.urls import path

from saferplaces.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("export/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
]
