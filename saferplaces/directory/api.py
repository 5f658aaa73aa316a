"""The read endpoints of the Open Referral UK 3.0 API, under ``/directory/api/``: open to anyone, as
the directory is public, so that other councils' service finders can read ours.

``/`` (the API's version and profile), ``/services`` (one-to-one fields; ``full=true`` for fully nested
services, the shape a feed import reads), ``/services/{id}``, ``/taxonomies``, ``/taxonomies/{id}``,
``/taxonomy_terms``, ``/taxonomy_terms/{id}``. The list filters are the standard's: ``search``,
``taxonomy_term_id``, ``taxonomy_id``, ``organization_id``, ``minimum_age`` (services whose minimum age
is at least this), ``maximum_age`` (whose maximum age is at most this), ``modified_after``, and
``postcode`` with ``proximity`` (metres from the postcode's point), which the standard defines for its
service-at-location list. Pages are the standard's envelope (``page``, ``per_page``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from saferplaces.directory import oruk, schema, selectors
from saferplaces.directory.models import Service, Taxonomy, TaxonomyTerm
from saferplaces.geo import postcodes

PER_PAGE = 50
MAX_PER_PAGE = 500


class BadRequest(ValueError):
    pass


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _api(view):
    """A public GET endpoint answering JSON, with a JSON error for a bad parameter."""
    @login_not_required
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _json({"error": str(error)}, status=400)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _int(request, name: str, default=None, low=0, high=None):
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < low or (high and int(text) > high):
        raise BadRequest(f"{name} must be a whole number from {low}{f' to {high}' if high else ''}")
    return int(text)


def _uuid(request, name: str):
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadRequest(f"{name} must be a UUID") from None


def _paged(request, items, serialise) -> JsonResponse:
    number = _int(request, "page", 1, low=1)
    per_page = _int(request, "per_page", PER_PAGE, low=1, high=MAX_PER_PAGE)
    total = len(items) if isinstance(items, list) else items.count()
    chunk = items[(number - 1) * per_page:number * per_page]
    return _json(oruk.page([serialise(item) for item in chunk], total=total, number=number, per_page=per_page))


@_api
def index(request):
    """The API's version and profile (ORUK's ``/``)."""
    return _json({"version": schema.VERSION, "profile": "https://openreferraluk.org",
                  "openapi_url": "https://github.com/OpenReferralUK/uk-profile/blob/main/schema/openapi.json",
                  "services": request.build_absolute_uri(reverse("directory:api_services"))})


@_api
def services(request):
    found = Service.objects.all()
    if text := request.GET.get("search", "").strip():
        for word in text.split():
            found = found.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                 | Q(organization__name__icontains=word))
    if term := _uuid(request, "taxonomy_term_id"):
        found = found.filter(attributes__taxonomy_term_id=term)
    if vocabulary := _uuid(request, "taxonomy_id"):
        found = found.filter(attributes__taxonomy_term__taxonomy_id=vocabulary)
    if organization := _uuid(request, "organization_id"):
        found = found.filter(organization_id=organization)
    if (low := _int(request, "minimum_age")) is not None:
        found = found.filter(minimum_age__gte=low)
    if (high := _int(request, "maximum_age")) is not None:
        found = found.filter(maximum_age__lte=high)
    if text := request.GET.get("modified_after", "").strip():
        try:
            since = dt.datetime.fromisoformat(text)
        except ValueError:
            raise BadRequest("modified_after must be an ISO 8601 date and time") from None
        found = found.filter(last_modified__gte=since)
    found = found.distinct().order_by("name", "id")
    full = request.GET.get("full", "").lower() == "true"
    if request.GET.get("postcode", "").strip():
        found = _near(request, found)
    elif full:
        found = selectors.with_details(found)
    else:
        found = found.select_related("organization")
    return _paged(request, found, oruk.service_full if full else oruk.service_list_item)


def _near(request, found) -> list:
    held = postcodes.find(request.GET["postcode"])
    if held is None:
        raise BadRequest("postcode is not a postcode this directory holds")
    proximity = _int(request, "proximity")
    ids = set(found.values_list("id", flat=True))
    hits = [hit for hit in selectors.search(near=(held.latitude, held.longitude), within_m=proximity)
            if hit.service.id in ids]
    hits.sort(key=lambda hit: (hit.distance_m is None, hit.distance_m or 0, hit.service.name))
    return [hit.service for hit in hits]  # only the listed (active or temporarily closed) services


@_api
def service(request, pk):
    try:
        return _json(oruk.service_full(selectors.service_public(pk)))
    except Service.DoesNotExist:
        return _json({"error": "No service with this id"}, status=404)


@_api
def taxonomies(request):
    return _paged(request, Taxonomy.objects.order_by("name", "id"), oruk.taxonomy)


@_api
def taxonomy(request, pk):
    found = Taxonomy.objects.filter(pk=pk).first()
    if found is None:
        return _json({"error": "No taxonomy with this id"}, status=404)
    return _json(oruk.taxonomy(found))


@_api
def taxonomy_terms(request):
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "id")
    if vocabulary := _uuid(request, "taxonomy_id"):
        terms = terms.filter(taxonomy_id=vocabulary)
    return _paged(request, terms, oruk.taxonomy_term)


@_api
def taxonomy_term(request, pk):
    found = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=pk).first()
    if found is None:
        return _json({"error": "No taxonomy term with this id"}, status=404)
    return _json(oruk.taxonomy_term(found))
