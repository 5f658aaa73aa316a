"""Routes of referrals into the directory's services and of commissioned services (appended to the
directory's ``urlpatterns``)."""

from django.urls import path

from saferplaces.directory import views_contract_setup as setup
from saferplaces.directory import views_contracts as views

urlpatterns = [
    path("refer/<int:person_pk>/", views.refer_find, name="refer_find"),
    path("refer/<int:person_pk>/<uuid:service_pk>/", views.refer, name="refer"),
    path("provider/referrals/", views.provider_referrals, name="provider_referrals"),
    path("provider/referrals/<int:pk>/", views.provider_referral, name="provider_referral"),
    path("contracts/", views.contract_list, name="contracts"),
    path("provider/contracts/", views.provider_contracts, name="provider_contracts"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/return/", views.return_enter, name="return_enter"),
    path("contracts/<int:pk>/return/upload/", views.return_upload, name="return_upload"),
    path("contracts/<int:pk>/return/template/", views.return_template, name="return_template"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("contracts/add/", setup.contract_create, name="contract_create"),
    path("contracts/<int:pk>/edit/", setup.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/figures/add/", setup.figure_add, name="figure_add"),
    path("figures/<int:pk>/edit/", setup.figure_edit, name="figure_edit"),
    path("figures/<int:pk>/remove/", setup.figure_remove, name="figure_remove"),
]
