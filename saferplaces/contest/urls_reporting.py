"""Routes of the threat assessments, deployment returns and Prevent reporting, added to ``contest.urls``."""

from django.urls import path

from saferplaces.contest import views_reporting, views_threat

urlpatterns = [
    path("threat/", views_threat.threat_list, name="threat_list"),
    path("threat/new/", views_threat.threat_create, name="threat_create"),
    path("threat/readers/", views_threat.readers, name="threat_readers"),
    path("threat/readers/<int:pk>/remove/", views_threat.reader_remove, name="threat_reader_remove"),
    path("threat/<int:pk>/", views_threat.threat_detail, name="threat_detail"),
    path("threat/<int:pk>/edit/", views_threat.threat_edit, name="threat_edit"),
    path("threat/<int:pk>/file/", views_threat.threat_file, name="threat_file"),
    path("deployments/", views_reporting.deployment_list, name="deployments"),
    path("deployments/new/", views_reporting.deployment_create, name="deployment_create"),
    path("deployments/upload/", views_reporting.deployment_import, name="deployment_import"),
    path("deployments/<int:pk>/", views_reporting.deployment_edit, name="deployment_edit"),
    path("prevent/", views_reporting.prevent_home, name="prevent"),
    path("prevent/new/", views_reporting.activity_create, name="prevent_activity_create"),
    path("prevent/channel/new/", views_reporting.channel_create, name="channel_create"),
]
