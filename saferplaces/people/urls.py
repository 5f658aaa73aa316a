from django.urls import path

from saferplaces.people import linkage_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("export/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("linkage/", linkage_views.linkage_runs, name="linkage"),
    path("linkage/review/", linkage_views.review_queue, name="review_queue"),
    path("linkage/review/<int:pk>/", linkage_views.review_pair, name="review_pair"),
]
