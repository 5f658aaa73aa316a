"""Pages of the KPIs filled from outside: partners' returns (due, uploaded, one figure by form) and
survey results (the MOPAC Public Attitude Survey import)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from saferplaces.core.forms import GovUKForm, query_id
from saferplaces.core.importpage import UploadForm
from saferplaces.core.listing import csv_response
from saferplaces.plans import returns, surveys
from saferplaces.plans.models import KPI, Source, SurveyResult
from saferplaces.policy.rules import require_permission

#: how many past periods the one-figure form offers (two years of a quarterly KPI)
PERIODS_OFFERED = 8


def returns_list(request):
    """Every return-sourced KPI's return for the period now asked for: received, due or overdue."""
    require_permission(request.user, "plans.view")
    today = timezone.localdate()
    rows = returns.returns_due(today)
    agencies = sorted({agency for row in rows for agency in row.agencies}, key=lambda agency: agency.name)
    chosen = query_id(request, "agency")
    if chosen is not None:
        rows = [row for row in rows if any(agency.pk == chosen for agency in row.agencies)]
    mine = {kpi.pk for kpi in returns.submittable(request.user)}
    return render(request, "plans/returns.html", {
        "rows": rows, "mine": mine, "today": today, "agencies": agencies, "chosen": chosen,
        "overdue": sum(r.status == "overdue" for r in rows), "due": sum(r.status == "due" for r in rows)})


def _submitter(request) -> list[KPI]:
    kpis = returns.submittable(request.user)
    if not kpis:
        raise PermissionDenied("plans.submit_return")
    return kpis


def returns_upload(request):
    """Upload a return (CSV): checked by the one importer, every row or none."""
    require_permission(request.user, "plans.view")
    kpis = _submitter(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None,
                      label="CSV file of the return", columns=returns.COLUMNS)
    result = None
    if posted and form.is_valid():
        result = returns.returns_import(actor=request.user, text=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, f"{result.imported} figure{'' if result.imported == 1 else 's'} recorded")
            return redirect("plans:returns")
    return render(request, "plans/returns_upload.html", {"form": form, "result": result, "kpis": kpis,
                                                          "columns": returns.COLUMNS})


def returns_template(request):
    """The CSV to fill in: a row for each KPI the user returns, for the period now asked for."""
    require_permission(request.user, "plans.view")
    _submitter(request)
    return csv_response("kpi-return", returns.COLUMNS, returns.template_rows(request.user, timezone.localdate()))


def _periods(kpi: KPI, today: dt.date) -> list[tuple[str, str]]:
    """The KPI's last ``PERIODS_OFFERED`` ended periods, newest first."""
    choices = []
    start, end = returns.last_ended_period(kpi.cadence, today)
    for _ in range(PERIODS_OFFERED):
        choices.append((start.isoformat(), returns.period_label(kpi.cadence, start)))
        start, end = returns.period_containing(kpi.cadence, start - dt.timedelta(days=1))
    return choices


class ReturnForm(GovUKForm):
    period_start = forms.TypedChoiceField(label="Period", coerce=dt.date.fromisoformat,
                                          error_messages={"required": "Select the period the figure is for",
                                                          "invalid_choice": "Select one of the periods offered"})
    value = forms.FloatField(error_messages={"required": "Enter the figure for the period",
                                             "invalid": "Enter the figure as a number, like 12 or 12.5"})
    commentary = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="What the board should know about the figure")

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].choices = periods


def return_form(request, pk):
    """One period's figure of a return-sourced KPI, entered by hand."""
    kpi = get_object_or_404(KPI.objects.select_related("action__objective__group"), pk=pk, source=Source.RETURN)
    require_permission(request.user, "plans.submit_return", kpi)
    periods = _periods(kpi, timezone.localdate())
    form = ReturnForm(request.POST or None, periods=periods, initial={"period_start": periods[0][0]})
    if request.method == "POST" and form.is_valid():
        try:
            returns.return_record(actor=request.user, kpi=kpi, **form.cleaned_data)
        except returns.ReturnError as error:
            form.add_error("value", str(error))
        else:
            messages.success(request, "Figure recorded")
            return redirect("plans:returns")
    held = {r.period_start.isoformat(): r for r in kpi.readings.all()}
    return render(request, "plans/return_form.html", {"form": form, "kpi": kpi,
                                                       "held": [(label, held.get(iso)) for iso, label in periods]})


# --- surveys -----------------------------------------------------------------------------------------

class SurveyUploadForm(UploadForm):
    period = forms.CharField(max_length=40, label="Period the file covers",
                             help_text="As the file's name gives it: 2016 (a calendar year), 2016-17 (a financial "
                                       "year) or 2015-16 to 2020-21 (pooled years)",
                             error_messages={"required": "Enter the period the file covers, like 2016 or 2016-17"})

    field_order = ["period", "file"]

    def clean_period(self):
        try:
            surveys.parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["period"].strip()


def survey_import(request):
    """Import a MOPAC Public Attitude Survey file (coordinators): all its figures or none."""
    require_permission(request.user, "plans.manage")
    posted = request.method == "POST"
    form = SurveyUploadForm(request.POST if posted else None, request.FILES if posted else None,
                            label="The survey's CSV file (London Datastore)", columns=["Neighbourhood", "…"])
    form.fields["file"].help_text = "A MOPAC PAS indicators file by neighbourhood, as published"
    outcome = None
    if posted and form.is_valid():
        outcome = surveys.survey_import(actor=request.user, text=form.cleaned_data["file"],
                                        period=form.cleaned_data["period"])
        if outcome.result.ok:
            parts = [f"{outcome.result.imported} figures imported for {form.cleaned_data['period']}",
                     f"{len(outcome.readings)} KPI reading{'' if len(outcome.readings) == 1 else 's'} made"]
            if outcome.file.left_out_columns:
                parts.append(f"left out (no '% …' label): {'; '.join(outcome.file.left_out_columns)}")
            if outcome.file.areas_without_figures:
                parts.append(f"no figures for {', '.join(outcome.file.areas_without_figures)}")
            parts += [f"no reading for the KPI {why}" for why in outcome.kpis_without_figures]
            messages.success(request, "; ".join(parts))
            return redirect("plans:surveys")
    return render(request, "plans/survey_import.html", {
        "form": form, "result": outcome.result if outcome else None, "feeds": surveys.KPI_INDICATORS})


@dataclass
class _SurveyTable:
    """One survey period's figures as a table: a row per question (and group), a column per area."""

    survey: str
    start: dt.date
    end: dt.date
    areas: list[str] = field(default_factory=list)
    rows: list[tuple[str, str, str, list[float | None]]] = field(default_factory=list)


def _tables(results: list[SurveyResult]) -> list[_SurveyTable]:
    by_period: dict[tuple, list[SurveyResult]] = {}
    for result in results:
        by_period.setdefault((result.survey, result.period_start, result.period_end), []).append(result)
    tables = []
    for (survey, start, end), figures in by_period.items():
        table = _SurveyTable(survey, start, end, sorted({f.area for f in figures}))
        cells: dict[tuple[str, str, str], dict[str, float]] = {}
        for f in figures:
            cells.setdefault((f.indicator, f.measure, f.group), {})[f.area] = f.value
        table.rows = [(indicator, measure, group, [values.get(area) for area in table.areas])
                      for (indicator, measure, group), values in cells.items()]
        tables.append(table)
    return tables


def survey_results(request):
    """The survey figures held, a table per survey and period, and the KPIs they feed."""
    require_permission(request.user, "plans.view")
    kpis = KPI.objects.filter(source=Source.SURVEY).select_related("action").prefetch_related("readings").order_by("pk")
    return render(request, "plans/survey_results.html", {
        "tables": _tables(list(SurveyResult.objects.order_by("survey", "-period_start", "period_end", "group", "pk"))),
        "kpis": [(kpi, max(kpi.readings.all(), key=lambda r: r.period_start, default=None)) for kpi in kpis]})
