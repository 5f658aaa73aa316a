"""The Contest delivery group's pages: its home page and the Protect registers.

A record the viewer may not reach answers 404 (``policy.access.fetch``); a site's and an assessment's
pages ask the reason once a session and log each view (``policy.gate``); each page of a register is
logged as a search.
"""

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.contest import forms, rules, selectors, services
from saferplaces.contest.hotspots import persistent_hot_spots
from saferplaces.contest.models import PublicRealmScheme, Recommendation, ServiceRequest, TrainingSession
from saferplaces.contest.sections import sections_for
from saferplaces.core.listing import Listing, Sort
from saferplaces.policy.gate import shown_with, view_with_justification
from saferplaces.policy.rules import may, require_permission

SITE_SORTS = {"name": Sort("Name", ("name",)), "capacity": Sort("Capacity", ("capacity",), descending_first=True)}
REGISTER = "Read the Contest delivery group's register"
#: sites drawn on the register's map at most (the table pages through them all)
MAP_LIMIT = 500


def _logged(request, record_type: str, listing) -> None:
    access_record(actor=request.user, action=AccessAction.SEARCH, record_type=record_type,
                  reason=JustificationReason.OTHER, justification=REGISTER, path=request.path,
                  detail={"query": {k: v for k, v in request.GET.items() if v}, "page": listing.page.number,
                          "results": listing.page.total, "shown": [record.pk for record in listing.page]})


def _form_page(request, form, *, heading, caption, back_url, button="Save", intro=""):
    return render(request, "contest/form.html", {"form": form, "heading": heading, "caption": caption,
                                                 "back_url": back_url, "button": button, "intro": intro})


def _require_manage(request) -> None:
    """Pages about one record answer 404 to a role that may not record, as to one that may not see it."""
    if not may(request.user, "contest.manage"):
        raise Http404("No such record")


def home(request):
    require_permission(request.user, "contest.view")
    strands = {}
    for section in sections_for(request.user):
        strands.setdefault(section.strand, []).append(section)
    return render(request, "contest/home.html", {"strands": strands})


# --- sites ------------------------------------------------------------------------------------------
def _site_point(site, hot: bool) -> dict:
    detail = f"{site.get_use_display()}; {site.get_tier_display()}; capacity {site.capacity}"
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
            "properties": {"label": site.name, "url": site.get_absolute_url(),
                           "detail": detail + ("; in a persistent crime hot spot" if hot else "")}}


def site_list(request):
    require_permission(request.user, "contest.view")
    form = forms.SiteFilterForm(request.GET or None)
    sites = selectors.visible_sites(request.user)
    today = timezone.localdate()
    hotspots = persistent_hot_spots(request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("use"):
        sites = sites.filter(use=data["use"])
    if data.get("tier"):
        sites = sites.filter(tier=data["tier"])
    if data.get("due") == "overdue":
        sites = selectors.overdue(sites, today)
    placed = list(sites.filter(latitude__isnull=False).only("pk", "name", "use", "tier", "capacity", "longitude",
                                                            "latitude", "owner_agency")[:MAP_LIMIT])
    hot_ids = {site.pk for site in placed if hotspots.contains(site.longitude, site.latitude)}
    if data.get("hotspot"):
        sites = sites.filter(pk__in=hot_ids)
        placed = [site for site in placed if site.pk in hot_ids]
    listing = Listing(request, sites, sorts=SITE_SORTS, default="name")
    _logged(request, "contest.site", listing)
    layers = {"hotspots": {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [cell]},
                   "properties": {"label": "Persistent hot spot"}} for cell in hotspots.cells]},
              "sites": {"type": "FeatureCollection", "features": [_site_point(s, s.pk in hot_ids) for s in placed]}}
    return render(request, "contest/site_list.html", {
        "form": form, "listing": listing, "page": listing.page, "query": listing.page_query, "today": today,
        "hot_ids": hot_ids, "hotspots": hotspots, "layers_json": json.dumps(layers), "mapped": len(placed)})


def site_detail(request, pk):
    site = selectors.site_access(actor=request.user, site_id=pk)

    def show():
        assessments = list(selectors.assessments_of(site, request.user))
        requests = list(selectors.visible_requests(request.user).filter(site=site))
        schemes = list(selectors.visible_schemes(request.user).filter(site=site))
        shown_with(request, site, [*assessments, *requests, *schemes])
        hotspots = persistent_hot_spots(request.user)
        return render(request, "contest/site_detail.html", {
            "site": site, "assessments": assessments, "requests": requests, "schemes": schemes,
            "today": timezone.localdate(), "in_hot_spot": hotspots.contains(site.longitude, site.latitude),
            "hotspots": hotspots, "needs_senior": rules.needs_senior_individual(site.tier),
            "can_change": may(request.user, "change", site)})

    return view_with_justification(request, site, show)


def site_create(request):
    require_permission(request.user, "contest.manage")
    form = forms.SiteForm(request.POST or None, initial={"identified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, **form.site_fields())
        except services.ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Site added")
            return redirect(site.get_absolute_url())
    return _form_page(request, form, heading="Add a site", caption="Sites register", back_url=reverse("contest:sites"),
                      button="Add the site")


def site_edit(request, pk):
    site = selectors.site_access(actor=request.user, site_id=pk, action="change")
    initial = {name: getattr(site, name) for name in forms.SITE_FIELDS + ["latitude", "longitude"]}

    def show():
        form = forms.SiteForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.site_update(actor=request.user, site=site, **form.site_fields())
            except services.ContestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Site updated")
                return redirect(site.get_absolute_url())
        return _form_page(request, form, heading="Change the site", caption=site.name,
                          back_url=site.get_absolute_url())

    return view_with_justification(request, site, show)


# --- security assessments --------------------------------------------------------------------------------
def assessment_create(request, pk):
    site = selectors.site_access(actor=request.user, site_id=pk)
    _require_manage(request)
    headings = rules.headings_for(site.tier)

    def show():
        form = forms.AssessmentForm(request.POST or None, headings=headings,
                                    initial={"assessed_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.assessment_record(
                    actor=request.user, site=site, assessed_on=form.cleaned_data["assessed_on"],
                    findings=form.findings(), summary=form.cleaned_data["summary"],
                    next_due_on=form.cleaned_data["next_due_on"])
            except services.ContestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Assessment recorded: add its recommendations")
                return redirect(assessment.get_absolute_url())
        intro = (f"{site.get_tier_display()}: rate the public protection procedures"
                 + (" and measures." if len(headings) > len(rules.PROCEDURES) else "."))
        return _form_page(request, form, heading="Record a security assessment", caption=site.name,
                          back_url=site.get_absolute_url(), button="Record the assessment", intro=intro)

    return view_with_justification(request, site, show)


def assessment_detail(request, pk):
    assessment = selectors.assessment_access(actor=request.user, assessment_id=pk)

    def show():
        findings, recommendations = selectors.findings_and_recommendations(assessment)
        return render(request, "contest/assessment_detail.html", {
            "assessment": assessment, "site": assessment.site, "findings": findings,
            "recommendations": recommendations, "today": timezone.localdate(),
            "can_change": may(request.user, "change", assessment)})

    return view_with_justification(request, assessment, show)


def recommendation_add(request, pk):
    assessment = selectors.assessment_access(actor=request.user, assessment_id=pk, action="change")

    def show():
        form = forms.RecommendationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.recommendation_add(actor=request.user, assessment=assessment, **form.cleaned_data)
            except services.ContestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Recommendation added")
                return redirect(assessment.get_absolute_url())
        return _form_page(request, form, heading="Add a recommendation", caption=str(assessment),
                          back_url=assessment.get_absolute_url(), button="Add the recommendation")

    return view_with_justification(request, assessment, show)


def recommendation_update(request, pk):
    recommendation = Recommendation.objects.filter(pk=pk).select_related("assessment").first()
    if recommendation is None:
        raise Http404("No such recommendation")
    assessment = selectors.assessment_access(actor=request.user, assessment_id=recommendation.assessment_id,
                                             action="change")

    def show():
        form = forms.RecommendationUpdateForm(request.POST or None, initial={"status": recommendation.status,
                                                                            "due_on": recommendation.due_on})
        if request.method == "POST" and form.is_valid():
            services.recommendation_update(actor=request.user, recommendation=recommendation, **form.cleaned_data)
            messages.success(request, "Recommendation updated")
            return redirect(assessment.get_absolute_url())
        return _form_page(request, form, heading="Update a recommendation", caption=recommendation.text[:60],
                          back_url=assessment.get_absolute_url(), intro=recommendation.text)

    return view_with_justification(request, assessment, show)


# --- service requests, public realm schemes, training ----------------------------------------------------
def _register(request, queryset, record_type, template, sorts, default, extra=None):
    require_permission(request.user, "contest.view")
    listing = Listing(request, queryset, sorts=sorts, default=default)
    _logged(request, record_type, listing)
    return render(request, template, {"listing": listing, "page": listing.page, "query": listing.page_query,
                                      **(extra or {})})


def request_list(request):
    return _register(request, selectors.visible_requests(request.user), "contest.servicerequest",
                     "contest/request_list.html", {"date": Sort("Date", ("requested_on",), descending_first=True)},
                     "-date")


def scheme_list(request):
    return _register(request, selectors.visible_schemes(request.user), "contest.publicrealmscheme",
                     "contest/scheme_list.html", {"name": Sort("Name", ("name",))}, "name")


def training_list(request):
    sessions = selectors.visible_training(request.user)
    return _register(request, sessions, "contest.trainingsession", "contest/training_list.html",
                     {"date": Sort("Date", ("held_on",), descending_first=True)}, "-date")


def _record_form(request, *, model, form_class, save, noun, list_name, pk=None, with_sites=False):
    """Add (``pk`` None) or change a record of a simple register; its list is where it is read."""
    if pk is None:
        require_permission(request.user, "contest.manage")
        record = None
    else:
        record = selectors.record_access(model, actor=request.user, pk=pk, action="change")
    kwargs = {"sites": selectors.visible_sites(request.user).order_by("name")} if with_sites else {}
    initial = {name: getattr(record, name) for name in form_class.base_fields} if record else {}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, record=record, **form.cleaned_data)
        except services.ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{noun.capitalize()} saved")
            return redirect(list_name)
    heading = f"Change the {noun}" if record else f"Record a {noun}"
    return _form_page(request, form, heading=heading, caption=str(record) if record else "Contest: Protect",
                      back_url=reverse(list_name))


def request_create(request):
    return _record_form(request, model=ServiceRequest, form_class=forms.ServiceRequestForm, save=services.request_save,
                        noun="service request", list_name="contest:requests", with_sites=True)


def request_edit(request, pk):
    return _record_form(request, model=ServiceRequest, form_class=forms.ServiceRequestForm, save=services.request_save,
                        noun="service request", list_name="contest:requests", pk=pk, with_sites=True)


def scheme_create(request):
    return _record_form(request, model=PublicRealmScheme, form_class=forms.SchemeForm, save=services.scheme_save,
                        noun="public realm scheme", list_name="contest:schemes", with_sites=True)


def scheme_edit(request, pk):
    return _record_form(request, model=PublicRealmScheme, form_class=forms.SchemeForm, save=services.scheme_save,
                        noun="public realm scheme", list_name="contest:schemes", pk=pk, with_sites=True)


def training_create(request):
    return _record_form(request, model=TrainingSession, form_class=forms.TrainingForm, save=services.training_save,
                        noun="training session", list_name="contest:training")


def training_edit(request, pk):
    return _record_form(request, model=TrainingSession, form_class=forms.TrainingForm, save=services.training_save,
                        noun="training session", list_name="contest:training", pk=pk)
