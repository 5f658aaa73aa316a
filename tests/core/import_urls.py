"""The project's routes plus one page for a fake import, for tests of the shared import page."""

from django.contrib.auth.models import Group
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from saferplaces.core import csvimport
from saferplaces.core.importpage import import_page


def _check(line, row):
    return row["name"], [] if row["name"] else ["name is empty"]


def group_import(request):
    return import_page(request, title="Import groups", file_label="CSV file of groups", noun="group",
                       columns=["name", "note"], allowed={"Colours": ["red", "blue"]},
                       run=lambda text: csvimport.run_import(text, columns=["name", "note"], required={"name"},
                                                             check=_check,
                                                             create=lambda name: Group.objects.create(name=name)))


urlpatterns = [path("test-import/", group_import, name="test_import"), *project_urlpatterns]
