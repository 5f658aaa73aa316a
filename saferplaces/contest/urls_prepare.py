"""Prepare's routes, added to the contest app's by ``contest/urls.py``."""

from django.urls import path

from saferplaces.contest import views_prepare as views

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise_detail"),
    path("exercises/<int:pk>/lessons/new/", views.lesson_add, name="lesson_add"),
    path("exercises/<int:pk>/lessons/<int:lesson_pk>/close/", views.lesson_close, name="lesson_close"),
    path("exercises/<int:pk>/actions/new/", views.lesson_action_add, name="lesson_action_add"),
    path("exercises/<int:pk>/actions/<int:action_pk>/", views.lesson_action_update, name="lesson_action_update"),
    path("gold-rota/", views.rota_view, name="rota"),
    path("gold-rota/mine/", views.rota_mine, name="rota_mine"),
    path("gold-rota/mine/calendar.ics", views.rota_calendar, name="rota_calendar"),
    path("gold-rota/swaps/new/", views.swap_request, name="swap_request"),
    path("gold-rota/swaps/<int:pk>/", views.swap_decide, name="swap_decide"),
    path("gold-rota/<str:starts_on>/", views.rota_week, name="rota_week"),
]
