"""The directory's pages: the public search, a service's page and the printable directory of victims'
services (no sign-in); proposing a correction (signed-in partners); the keepers' review page and the
coordinators' imports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from saferplaces.core import csvimport
from saferplaces.core.importpage import import_page
from saferplaces.core.listing import RowListing, RowSort
from saferplaces.directory import csvfeed, feeds, forms, freshness, selectors, services, taxonomy
from saferplaces.directory.models import Correction, Service, TaxonomyTerm
from saferplaces.policy.rules import require_permission

SORTS = {"name": RowSort("Name", lambda hit: (hit.service.name.lower(), str(hit.service.id))),
         "distance": RowSort("Distance", lambda hit: (hit.distance_m is None, hit.distance_m or 0,
                                                      hit.service.name.lower()))}


@login_not_required
@require_GET
def search(request):
    needs = list(selectors.needs())
    form = forms.SearchForm(request.GET or None, needs=needs)
    hits, postcode = [], None
    if form.is_valid():
        data = form.cleaned_data
        postcode = data["postcode"]
        term = next((t for t in needs if str(t.id) == data["need"]), None)
        hits = selectors.search(term=term, keyword=data["keyword"], age=data["age"],
                                near=(postcode.latitude, postcode.longitude) if postcode else None,
                                within_m=forms.DISTANCES.get(data["within"]))
    elif not form.is_bound:
        hits = selectors.search()
    listing = RowListing(request, hits, sorts=SORTS, default="distance" if postcode else "name", page_size=20)
    today = timezone.localdate()
    for hit in listing.page.object_list:
        hit.stale = freshness.is_stale(hit.service, today)
    return render(request, "directory/search.html", {
        "form": form, "listing": listing, "page": listing.page, "query": listing.page_query, "postcode": postcode,
        "any_sample": any(hit.service.is_sample for hit in hits)})


@login_not_required
@require_GET
def service(request, pk):
    try:
        found = selectors.service_public(pk)
    except Service.DoesNotExist:
        raise Http404("No such service") from None
    user = request.user
    keeper = user.is_authenticated and freshness.may_keep(user, found)
    return render(request, "directory/service.html", {
        "service": found, "due_on": freshness.due_on(found), "stale": freshness.is_stale(found),
        "keeper": keeper, "pending": selectors.pending_corrections([found]) if keeper else []})


@login_not_required
@require_GET
def victims(request):
    """The printable directory of victims' services (plan action Dec-17), from the data."""
    sections = selectors.services_for_needs(taxonomy.VICTIM_NEEDS)
    return render(request, "directory/victims.html", {
        "sections": sections, "today": timezone.localdate(),
        "any_sample": any(s.is_sample for _, listed in sections for s in listed)})


def correction_propose(request, pk):
    found = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_propose(actor=request.user, service=found, **form.cleaned_data)
        except services.DirectoryError as error:
            form.add_error("proposed_value", str(error))
        else:
            messages.success(request, "Correction sent to the service's owner")
            return redirect(found.get_absolute_url())
    return render(request, "directory/form.html", {
        "form": form, "heading": "Propose a correction", "caption": found.name, "back_url": found.get_absolute_url(),
        "button": "Send the correction"})


def _kept(request, pk) -> Service:
    """A service the user keeps: "Page not found" for any other (or none)."""
    found = Service.objects.select_related("organization").filter(pk=pk).first()
    if found is None or not freshness.may_keep(request.user, found):
        raise Http404("No such service")
    return found


@require_POST
def review(request, pk):
    found = _kept(request, pk)
    services.service_review(actor=request.user, service=found)
    messages.success(request, "Recorded as reviewed today")
    return redirect(found.get_absolute_url())


def manage(request):
    """The keeper's page: their services by review date, and corrections waiting for a decision."""
    require_permission(request.user, "directory.manage")
    kept = list(freshness.kept_by(request.user).select_related("organization").order_by("name", "id"))
    today = timezone.localdate()
    rows = sorted(({"service": s, "due_on": freshness.due_on(s), "stale": freshness.is_stale(s, today)}
                   for s in kept), key=lambda row: (row["due_on"], row["service"].name))
    return render(request, "directory/manage.html", {
        "rows": rows, "corrections": selectors.pending_corrections(kept), "today": today,
        "organizations": freshness.organizations_kept_by(request.user).select_related("agency").order_by("name", "id"),
        "review_months": settings.DIRECTORY_REVIEW_MONTHS})


def correction_decide(request, pk):
    correction = Correction.objects.select_related("service__organization", "proposed_by__agency").filter(pk=pk).first()
    if correction is None or not freshness.may_keep(request.user, correction.service):
        raise Http404("No such correction")
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_decide(actor=request.user, correction=correction,
                                       accept=form.cleaned_data["decision"] == "accept",
                                       note=form.cleaned_data["note"])
        except services.DirectoryError as error:
            form.add_error("decision", str(error))
        else:
            messages.success(request, "Correction accepted" if form.cleaned_data["decision"] == "accept"
                             else "Correction rejected")
            return redirect("directory:manage")
    current = getattr(correction.service, correction.field, "")
    return render(request, "directory/correction.html", {
        "form": form, "correction": correction, "label": services.CORRECTABLE.get(correction.field, correction.field),
        "current": "" if current is None else current})


def import_csv(request):
    require_permission(request.user, "directory.import")
    return import_page(request, title="Import services from the CSV template", file_label="CSV file of services",
                       noun="row", columns=csvfeed.COLUMNS,
                       run=lambda text: csvfeed.csv_import(actor=request.user, text=text),
                       allowed={"needs": sorted(TaxonomyTerm.objects.exclude(term="").values_list("term", flat=True)),
                                "status": ["active", "inactive", "defunct", "temporarily closed"]})


def import_feed(request):
    require_permission(request.user, "directory.import")
    posted = request.method == "POST"
    form = forms.FeedForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        try:
            text = csvimport.decode(form.cleaned_data["file"].read())
        except csvimport.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            result = feeds.feed_import(actor=request.user, text=text)
            if result.ok:
                messages.success(request, f"{result.imported} service{'' if result.imported == 1 else 's'} imported")
                return redirect(reverse("directory:import_feed"))
    return render(request, "directory/import_feed.html", {"form": form, "result": result})
