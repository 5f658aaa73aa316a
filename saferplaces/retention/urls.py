from django.urls import path

from saferplaces.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("rules/<slug:category>/", views.rule_edit, name="rule_edit"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_decide, name="review_decide"),
    path("holds/", views.hold_list, name="holds"),
    path("holds/new/", views.hold_place, name="hold_place"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
]
