"""Pages of the police's deployment returns and of the Prevent reporting (activity, Channel figures).

Borough totals and the group's own activity, naming nobody: read with ``contest.view``, written with
``contest.manage``. Channel figures are shown with small numbers suppressed to everyone.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.contest import deployments, prevent
from saferplaces.contest.forms_reporting import ActivityForm, ChannelForm, DeploymentForm
from saferplaces.contest.models_deploy import FIGURES, DeploymentReturn
from saferplaces.contest.models_prevent import ActivityKind, PreventActivity
from saferplaces.core import suppression
from saferplaces.core.importpage import import_page
from saferplaces.core.listing import Listing, Sort
from saferplaces.policy.rules import may, require_permission

ACTIVITY_SORTS = {"date": Sort("Date", ("held_on",), descending_first=True)}


def _form_page(request, form, *, heading, caption, back_url, button="Save", intro=""):
    return render(request, "contest/report_form.html", {"form": form, "heading": heading, "caption": caption,
                                                        "back_url": back_url, "button": button, "intro": intro})


# --- police deployments --------------------------------------------------------------------------

def deployment_list(request):
    require_permission(request.user, "contest.view")
    returns = DeploymentReturn.objects.order_by("-month")[:24]
    return render(request, "contest/deployments/list.html", {
        "returns": returns, "figures": FIGURES.values(), "can_manage": may(request.user, "contest.manage")})


def deployment_create(request):
    require_permission(request.user, "contest.manage")
    form = DeploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deployments.deployment_record(actor=request.user, **form.cleaned_data)
        except deployments.ReturnError as error:
            form.add_error("month", str(error))
        else:
            messages.success(request, "Deployment return recorded")
            return redirect("contest:deployments")
    return _form_page(request, form, heading="Record a deployment return", caption="Police deployments",
                      back_url=reverse("contest:deployments"), button="Record the return")


def deployment_edit(request, pk):
    require_permission(request.user, "contest.manage")
    deployment = get_object_or_404(DeploymentReturn, pk=pk)
    initial = {name: getattr(deployment, name) for name in FIGURES} | {"notes": deployment.notes}
    form = DeploymentForm(request.POST or None, initial=initial, correcting=True)
    if request.method == "POST" and form.is_valid():
        deployments.deployment_correct(actor=request.user, deployment=deployment, **form.cleaned_data)
        messages.success(request, "Deployment return corrected")
        return redirect("contest:deployments")
    return _form_page(request, form, heading="Correct the deployment return", caption=str(deployment),
                      back_url=reverse("contest:deployments"))


def deployment_import(request):
    require_permission(request.user, "contest.manage")
    return import_page(request, title="Upload deployment returns", file_label="Deployment returns (CSV)",
                       noun="monthly return", columns=deployments.COLUMNS,
                       run=lambda text: deployments.deployments_import(actor=request.user, text=text),
                       allowed={"month": ["a month like 2026-10, one row per month, not returned before"]})


# --- Prevent -------------------------------------------------------------------------------------

def prevent_home(request):
    """The group's Prevent activity, newest first, and the Channel figures with small numbers suppressed."""
    require_permission(request.user, "contest.view")
    kind = request.GET.get("kind", "")
    activities = PreventActivity.objects.all()
    if kind and kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    listing = Listing(request, activities, sorts=ACTIVITY_SORTS, default="-date")
    return render(request, "contest/prevent/home.html", {
        "listing": listing, "page": listing.page, "query": listing.page_query, "kind": kind,
        "kinds": ActivityKind.choices, "summary": prevent.activity_summary(),
        "channel": prevent.channel_quarters(), "note": suppression.NOTE,
        "can_manage": may(request.user, "contest.manage")})


def activity_create(request):
    require_permission(request.user, "contest.manage")
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prevent.activity_record(actor=request.user, **form.cleaned_data)
        except prevent.PreventError as error:
            form.add_error("ended_on", str(error))
        else:
            messages.success(request, "Prevent activity recorded")
            return redirect("contest:prevent")
    return _form_page(request, form, heading="Record Prevent activity", caption="Prevent",
                      back_url=reverse("contest:prevent"), button="Record it")


def channel_create(request):
    require_permission(request.user, "contest.manage")
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prevent.channel_record(actor=request.user, quarter_start=form.cleaned_data["quarter_start"],
                                   figures=form.figures())
        except prevent.PreventError as error:
            form.add_error("quarter_start", str(error))
        else:
            messages.success(request, "Channel figures recorded")
            return redirect("contest:prevent")
    return _form_page(request, form, heading="Record the quarter's Channel figures", caption="Prevent",
                      back_url=reverse("contest:prevent"), button="Record the figures",
                      intro="Counts only, from the Home Office's case management system: never names or cases. "
                            "They are shown to everyone with counts from 1 to 4 withheld.")
