"""Pages for Public Spaces Protection Orders (2014 Act, s.59): public orders about a place, so every
signed-in member of staff may read them, with their restricted area drawn from its GeoJSON; the
council that made an order records what happens to it. The rules and writes are ``asb.civil``'s."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import civil, civil_rules
from saferplaces.asb import selectors as asb_selectors
from saferplaces.asb.enforcement import EnforcementError
from saferplaces.asb.models import PspoStatus
from saferplaces.places import boundaries
from saferplaces.places.forms_pspo import PspoForm, PspoStepForm
from saferplaces.policy.rules import require_permission


def _signed_in(request):
    if not request.user.is_authenticated:  # the sign-in middleware sends anonymous users away first
        raise Http404("No such page")


def pspo_list(request):
    _signed_in(request)
    status = request.GET.get("status", "current")
    if status not in {"current", "", *PspoStatus.values}:
        status = "current"
    orders = list(asb_selectors.pspos(status=status))
    drawn = [(o, *boundaries.svg_outline(o.geometry, width=160, height=120)) for o in orders]
    return render(request, "places/pspo_list.html", {
        "orders": drawn, "status": status, "statuses": [("current", "In force"), ("", "All"),
                                                        *PspoStatus.choices],
        "can_make": request.user.agency.kind == "local_authority" and request.user.has_role_permission(
            "personal.change"), "today": timezone.localdate()})


def pspo_detail(request, pk):
    _signed_in(request)
    order = asb_selectors.pspo_get(pk)
    outline, view_box = boundaries.svg_outline(order.geometry)
    variations = [s.on for s in order.steps.all() if s.kind == "variation"]
    return render(request, "places/pspo_detail.html", {
        "order": order, "outline": outline, "view_box": view_box, "steps": order.steps.all(),
        "challenge_by": civil_rules.pspo_challenge_by(max([order.made_on, *variations])),
        "can_change": civil.pspo_can_change(request.user, order), "today": timezone.localdate()})


def pspo_geojson(request, pk):
    """The restricted area as GeoJSON, for a map or a GIS."""
    _signed_in(request)
    order = asb_selectors.pspo_get(pk)
    feature = {"type": "Feature", "geometry": order.geometry,
               "properties": {"reference": order.reference, "title": order.title, "made_on": str(order.made_on),
                              "expires_on": str(order.expires_on), "status": order.status}}
    response = HttpResponse(json.dumps({"type": "FeatureCollection", "features": [feature]}),
                            content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="pspo-{order.pk}.geojson"'
    return response


def pspo_create(request):
    require_permission(request.user, "personal.change")
    form = PspoForm(request.POST or None, request.FILES or None, initial={"made_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for unused in ("boundary", "priority_area"):
            data.pop(unused)
        try:
            order = civil.pspo_make(actor=request.user, **data)
        except EnforcementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{order.reference} recorded")
            return redirect(order.get_absolute_url())
    return render(request, "places/pspo_form.html", {
        "form": form, "heading": "Record a Public Spaces Protection Order", "button": "Check and record",
        "back_url": reverse("places:pspos")})


def pspo_step_add(request, pk):
    order = asb_selectors.pspo_get(pk)
    if not civil.pspo_can_change(request.user, order):
        # Only the council that made it records changes; a page about one record: refusals look like a missing page.
        raise Http404("No such page")
    form = PspoStepForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            civil.pspo_step_record(actor=request.user, order=order, **form.cleaned_data)
        except EnforcementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded")
            return redirect(order.get_absolute_url())
    return render(request, "places/form_page.html", {
        "form": form, "heading": "Record an extension, variation, challenge or discharge", "caption": str(order),
        "button": "Record it", "back_url": order.get_absolute_url()})
