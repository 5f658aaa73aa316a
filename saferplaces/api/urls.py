from django.urls import path

from saferplaces.api import views

app_name = "api"
urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("new/", views.account_create, name="account_create"),
    path("<int:pk>/", views.account_detail, name="account_detail"),
    path("<int:pk>/rotate/", views.token_rotate, name="token_rotate"),
    path("<int:pk>/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("<int:pk>/deactivate/", views.account_deactivate, name="account_deactivate"),
]
