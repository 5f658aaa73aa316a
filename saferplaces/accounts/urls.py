from django.contrib.auth import views as auth_views
from django.urls import path

from saferplaces.accounts import views
from saferplaces.accounts.middleware import second_factor_exempt

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("sign-in/code/", views.second_factor_verify, name="second_factor_verify"),
    path("second-factor/", views.second_factor_enrol, name="second_factor_enrol"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/new/", views.agency_edit, name="agency_create"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
]
