"""The data protection officer's pages: the DPIA register, the record of processing and the breach log,
each of the officer's own agency (the controller)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from saferplaces.core.listing import csv_response
from saferplaces.dpo import processing, services
from saferplaces.dpo.clocks import report_clock, review_flag
from saferplaces.dpo.forms import BreachForm, DPIAForm
from saferplaces.dpo.models import DPIA, Breach, Reportable
from saferplaces.policy.categories import category_label
from saferplaces.policy.rules import require_permission

PERMISSION = services.PERMISSION


def home(request):
    require_permission(request.user, PERMISSION)
    today = timezone.localdate()
    dpias = DPIA.objects.filter(owner_agency=request.user.agency).only("review_date")
    flags = [review_flag(d.review_date, today) for d in dpias]
    open_breaches = [b for b in _breaches(request.user).filter(reported_at__isnull=True)
                     .exclude(reportable=Reportable.NO)]
    return render(request, "dpo/home.html", {
        "overdue_dpias": flags.count("overdue"), "due_dpias": flags.count("due"),
        "clocks": [(b, _clock(b)) for b in open_breaches]})


def _with_flag(dpia, today):
    return dpia, review_flag(dpia.review_date, today)


def dpia_list(request):
    require_permission(request.user, PERMISSION)
    today = timezone.localdate()
    dpias = (DPIA.objects.filter(owner_agency=request.user.agency).select_related("signed_off_by")
             .prefetch_related("agreements"))
    return render(request, "dpo/dpia_list.html", {"dpias": [_with_flag(d, today) for d in dpias]})


def _own_dpia(request, pk):
    return get_object_or_404(DPIA.objects.select_related("signed_off_by", "recorded_by"), pk=pk,
                             owner_agency=request.user.agency)


def dpia_detail(request, pk):
    require_permission(request.user, PERMISSION)
    dpia = _own_dpia(request, pk)
    return render(request, "dpo/dpia_detail.html", {
        "dpia": dpia, "flag": review_flag(dpia.review_date, timezone.localdate()),
        "category": category_label(dpia.data_category), "agreements": dpia.agreements.order_by("reference")})


def dpia_edit(request, pk=None):
    require_permission(request.user, PERMISSION)
    dpia = _own_dpia(request, pk) if pk is not None else DPIA()
    form = DPIAForm(request.POST or None, instance=dpia, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.dpia_save(actor=request.user, dpia=form.save(commit=False),
                                   agreements=form.cleaned_data["agreements"],
                                   signed_off=form.cleaned_data["sign_off"])
        messages.success(request, f"Saved the DPIA “{saved.title}”.")
        return redirect(saved)
    return render(request, "dpo/dpia_form.html", {"form": form, "dpia": dpia if pk else None})


def processing_record(request):
    require_permission(request.user, PERMISSION)
    record = processing.record_of_processing(request.user.agency, timezone.localdate())
    return render(request, "dpo/processing.html", {"record": record})


def processing_csv(request):
    require_permission(request.user, PERMISSION)
    record = processing.record_of_processing(request.user.agency, timezone.localdate())
    return csv_response("record-of-processing", processing.CSV_HEADER, processing.csv_rows(record))


def _breaches(actor):
    return Breach.objects.filter(owner_agency=actor.agency)


def _clock(breach, now=None):
    reportable = {Reportable.YES: True, Reportable.NO: False}.get(breach.reportable)
    return report_clock(aware_at=breach.aware_at, now=now or timezone.now(), reportable=reportable,
                        reported_at=breach.reported_at)


def breach_list(request):
    require_permission(request.user, PERMISSION)
    now = timezone.now()
    return render(request, "dpo/breach_list.html", {"breaches": [(b, _clock(b, now)) for b in _breaches(request.user)]})


def breach_detail(request, pk):
    require_permission(request.user, PERMISSION)
    breach = get_object_or_404(_breaches(request.user).select_related("recorded_by"), pk=pk)
    return render(request, "dpo/breach_detail.html", {
        "breach": breach, "clock": _clock(breach),
        "categories": [category_label(c) for c in breach.data_categories]})


def breach_edit(request, pk=None):
    require_permission(request.user, PERMISSION)
    breach = get_object_or_404(_breaches(request.user), pk=pk) if pk is not None else Breach()
    form = BreachForm(request.POST or None, instance=breach)
    if request.method == "POST" and form.is_valid():
        saved = services.breach_save(actor=request.user, breach=form.save(commit=False))
        messages.success(request, f"Saved {saved.reference}.")
        return redirect(saved)
    return render(request, "dpo/breach_form.html", {"form": form, "breach": breach if pk else None})
