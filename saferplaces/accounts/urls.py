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
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/role/", views.user_role, name="user_role"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/second-factor/", views.user_second_factor, name="user_second_factor"),
    path("access-review/", views.access_review, name="access_review"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/changed/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("session-ended/", views.session_ended, name="session_ended"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
