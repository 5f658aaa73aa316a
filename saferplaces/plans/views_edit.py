"""Keeping the plan (coordinators, ``plans.manage``): objectives, actions and KPIs added, changed and
closed. Every change, with its reason, is kept in the record's history, shown on its page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from saferplaces.plans import services
from saferplaces.plans.charts import kpi_chart
from saferplaces.plans.forms import ActionCloseForm, ActionEditForm, KPIForm, ObjectiveForm
from saferplaces.plans.models import KPI, Action, DeliveryGroup, Objective
from saferplaces.plans.returns import period_label
from saferplaces.policy.rules import require_permission


def objective_edit(request, pk):
    require_permission(request.user, "plans.manage")
    objective = get_object_or_404(Objective.objects.select_related("group"), pk=pk)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.OBJECTIVE_FIELDS}
        objective.refresh_from_db()  # the form wrote to the instance: the service compares with the stored one
        services.objective_edit(actor=request.user, objective=objective, reason=form.cleaned_data["reason"],
                                **fields)
        messages.success(request, "Objective changed")
        return redirect(objective.get_absolute_url())
    return render(request, "plans/objective_edit_form.html", {
        "form": form, "objective": objective, "group": objective.group, "title": "Change the objective"})


def objective_add(request, pk):
    require_permission(request.user, "plans.manage")
    group = get_object_or_404(DeliveryGroup, pk=pk)
    form = ObjectiveForm(request.POST or None, instance=Objective(group=group))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.OBJECTIVE_FIELDS}
        objective = services.objective_add(actor=request.user, group=group, reason=form.cleaned_data["reason"],
                                           **fields)
        messages.success(request, "Objective added")
        return redirect(objective.get_absolute_url())
    return render(request, "plans/objective_edit_form.html", {
        "form": form, "objective": None, "group": group, "title": "Add an objective"})


def action_add(request, pk):
    require_permission(request.user, "plans.manage")
    objective = get_object_or_404(Objective.objects.select_related("group__strategy"), pk=pk)
    form = ActionEditForm(request.POST or None, instance=Action(objective=objective))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ACTION_FIELDS}
        action = services.action_add(actor=request.user, objective=objective, reason=form.cleaned_data["reason"],
                                     **fields)
        messages.success(request, f"Action added. Its deadline is read as: {action.deadline.label}")
        return redirect(action.get_absolute_url())
    return render(request, "plans/action_add_form.html", {"form": form, "objective": objective})


def action_close(request, pk):
    require_permission(request.user, "plans.manage")
    action = get_object_or_404(Action.objects.select_related("objective__group"), pk=pk)
    form = ActionCloseForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        services.action_close(actor=request.user, action=action, **form.cleaned_data)
        messages.success(request, "Action closed")
        return redirect(action.get_absolute_url())
    return render(request, "plans/action_close_form.html", {"form": form, "action": action})


def kpi_add(request, pk):
    require_permission(request.user, "plans.manage")
    action = get_object_or_404(Action.objects.select_related("objective__group"), pk=pk)
    form = KPIForm(request.POST or None, instance=KPI(action=action))
    if request.method == "POST" and form.is_valid():
        kpi = services.kpi_add(actor=request.user, kpi=form.save(commit=False), reason=form.cleaned_data["reason"])
        messages.success(request, "KPI added")
        return redirect("plans:kpi", pk=kpi.pk)
    return render(request, "plans/kpi_form.html", {"form": form, "kpi": None, "action": action,
                                                   "title": "Add a KPI"})


def kpi_detail(request, pk):
    """A KPI's definition, readings and change history."""
    require_permission(request.user, "plans.view")
    kpi = get_object_or_404(KPI.objects.select_related("action__objective__group"), pk=pk)
    readings = list(kpi.readings.select_related("author"))
    periods = [(reading, period_label(kpi.cadence, reading.period_start)) for reading in readings]
    return render(request, "plans/kpi.html", {"kpi": kpi, "readings": periods, "chart": kpi_chart(kpi)})
