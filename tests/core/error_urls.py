"""The service's URLs and one that fails, to see the 500 page a real failure gets."""

from django.urls import path

from config.urls import handler500, urlpatterns  # noqa: F401 - Django reads handler500 from here


def _fails(request):
    raise RuntimeError("the database went away")


urlpatterns = [*urlpatterns, path("test-failure/", _fails)]
