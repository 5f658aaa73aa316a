from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from saferplaces.plans import selectors, services
from saferplaces.plans.charts import kpi_chart
from saferplaces.plans.forms import ActionEditForm, ActionUpdateForm, KPIForm, KPIReadingForm
from saferplaces.plans.models import KPI, Action, DeliveryGroup, Objective
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import require_permission


def _strategy():
    strategy = selectors.current_strategy()
    if strategy is None:
        raise Http404("No plan has been loaded")
    return strategy


def overview(request):
    require_permission(request.user, "plans.view")
    strategy = _strategy()
    today = timezone.localdate()
    return render(request, "plans/overview.html", {
        "strategy": strategy, "summaries": selectors.overview(strategy, today), "today": today,
        "executive": strategy.groups.filter(is_executive=True).first()})


def group_detail(request, pk):
    require_permission(request.user, "plans.view")
    group = get_object_or_404(DeliveryGroup.objects.select_related("strategy"), pk=pk)
    open_actions = Action.objects.filter(closed_in__isnull=True).prefetch_related("updates")
    objectives = group.objectives.filter(closed_in__isnull=True).prefetch_related(Prefetch("actions", open_actions))
    return render(request, "plans/group.html", {"group": group, "objectives": objectives,
                                                "today": timezone.localdate()})


def objective_detail(request, pk):
    require_permission(request.user, "plans.view")
    objective = get_object_or_404(Objective.objects.select_related("group"), pk=pk)
    return render(request, "plans/objective.html", {"objective": objective, "today": timezone.localdate()})


def action_detail(request, pk):
    require_permission(request.user, "plans.view")
    action = get_object_or_404(Action.objects.select_related("objective__group__strategy"), pk=pk)
    kpis = [(kpi, kpi_chart(kpi)) for kpi in action.kpis.prefetch_related("readings")]
    return render(request, "plans/action.html", {
        "action": action, "updates": action.updates.select_related("author"), "kpis": kpis,
        "today": timezone.localdate()})


def action_update(request, pk):
    action = get_object_or_404(Action, pk=pk)
    require_permission(request.user, "plans.update_action", action)
    form = ActionUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_update_record(actor=request.user, action=action, **form.cleaned_data)
        return redirect(action.get_absolute_url())
    return render(request, "plans/action_update_form.html", {"form": form, "action": action})


def action_edit(request, pk):
    """Correct an action of the plan (coordinators); the change and its reason are kept in its history."""
    require_permission(request.user, "plans.manage")
    action = get_object_or_404(Action, pk=pk)
    form = ActionEditForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        # The service sets the fields itself (one place for the history): the form only reads them.
        fields = {name: form.cleaned_data[name] for name in services.ACTION_FIELDS}
        action.refresh_from_db()
        services.action_edit(actor=request.user, action=action, reason=form.cleaned_data["reason"], **fields)
        messages.success(request, f"Action changed. Its deadline is read as: {action.deadline.label}")
        return redirect(action.get_absolute_url())
    return render(request, "plans/action_edit_form.html", {"form": form, "action": action})


def kpi_reading(request, pk):
    kpi = get_object_or_404(KPI.objects.select_related("action"), pk=pk)
    require_permission(request.user, "plans.update_action", kpi.action)
    form = KPIReadingForm(request.POST or None, initial={"quarter": str(Quarter.containing(timezone.localdate()))})
    if request.method == "POST" and form.is_valid():
        services.kpi_reading_record(actor=request.user, kpi=kpi, quarter=form.cleaned_data["quarter"],
                                    value=form.cleaned_data["value"], commentary=form.cleaned_data["commentary"])
        return redirect(kpi.action.get_absolute_url())
    return render(request, "plans/kpi_reading_form.html", {"form": form, "kpi": kpi})


def kpi_edit(request, pk):
    require_permission(request.user, "plans.manage")
    kpi = get_object_or_404(KPI, pk=pk)
    form = KPIForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        services.kpi_save(actor=request.user, kpi=form.save(commit=False), reason=form.cleaned_data["reason"])
        return redirect("plans:kpi", pk=kpi.pk)
    return render(request, "plans/kpi_form.html", {"form": form, "kpi": kpi, "action": kpi.action,
                                                   "title": "Change the KPI"})


def my_actions(request):
    require_permission(request.user, "plans.view")
    actions = (Action.objects.filter(lead_users=request.user) | Action.objects.filter(
        objective__group__chair_user=request.user)).distinct().select_related("objective__group__strategy")
    return render(request, "plans/mine.html", {"actions": actions, "today": timezone.localdate()})
