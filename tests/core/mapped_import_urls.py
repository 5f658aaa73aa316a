"""The project's routes plus a fake import with a date column, for tests of mapped imports."""

from django.contrib.auth.models import Group
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from saferplaces.core import csvimport
from saferplaces.core.importpage import import_page

COLUMNS = ["name", "formed_on", "note"]


def _check(line, row):
    problems: list[str] = []
    if not row["name"]:
        problems.append("name is empty")
    formed = csvimport.dates(row, {"formed_on": True}, problems)["formed_on"]
    return (row["name"], formed), problems


def _create(clean):
    name, formed = clean
    return Group.objects.create(name=f"{name} {formed.isoformat()}")


def run(text):
    return csvimport.run_import(text, columns=COLUMNS, required={"name", "formed_on"}, check=_check, create=_create)


def group_import(request):
    return import_page(request, title="Import dated groups", file_label="File of groups", noun="group",
                       columns=COLUMNS, run=run)


def group_import_writing(request):
    """An import whose service writes a record of its own around the importer (as some do)."""
    def service(text):
        Group.objects.create(name="written by the service")
        return run(text)
    return import_page(request, title="Import dated groups, noted", file_label="File of groups", noun="group",
                       columns=COLUMNS, run=service)


urlpatterns = [path("test-mapped-import/", group_import, name="test_mapped_import"),
               path("test-mapped-import-writing/", group_import_writing, name="test_mapped_import_writing"),
               *project_urlpatterns]
