"""The DPO's pages for the subject's rights. Each page a DPO opens about a request is logged as a step of
it (``services.log_step``): the reason is always ``legal``, so no page asks for one."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.forms import MAX_ID
from saferplaces.policy.rules import require_permission
from saferplaces.rights import selectors, services
from saferplaces.rights.forms import (
    CorrectionForm,
    DecisionForm,
    ExtendForm,
    LiftForm,
    PartnerAnswerForm,
    RedactionAddForm,
    RedactionForm,
    RightsRequestForm,
    SarForm,
)
from saferplaces.rights.models import Decision, RedactionDecision
from saferplaces.rights.package import PackageNotReady, build_package, package_pdf

DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _errors_to_form(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def index(request):
    """The agency's requests: subject access with their clocks, erasure and restriction, and partners' requests."""
    sars = list(selectors.sar_list(actor=request.user).order_by("status", "received_on", "pk"))
    today = timezone.localdate()
    return render(request, "rights/index.html", {
        "sars": [{"sar": s, "due_on": s.due_on, "days_left": s.days_left(today), "overdue": s.overdue(today)}
                 for s in sars],
        "requests": selectors.rights_requests(actor=request.user)[:100],
        "partner_open": selectors.partner_requests(actor=request.user).filter(status="sent").count(),
    })


def sar_create(request):
    form = SarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.sar_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(sar)
    require_permission(request.user, "rights.manage")
    return render(request, "rights/sar_form.html", {"form": form})


def sar_detail(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    today = timezone.localdate()
    candidates = []
    if sar.person_id is None:
        candidates = selectors.subject_candidates(actor=request.user, sar=sar)
        services.log_step(actor=request.user, sar=sar, step="own agency's records searched for the subject",
                          action=AccessAction.SEARCH, path=request.path,
                          detail={"surname": sar.surname, "results": [p.pk for p in candidates]})
    else:
        services.log_step(actor=request.user, sar=sar, step="request reviewed", path=request.path)
    redactions = list(sar.redactions.all())
    return render(request, "rights/sar_detail.html", {
        "sar": sar,
        "due_on": sar.due_on,
        "days_left": sar.days_left(today),
        "overdue": sar.overdue(today),
        "candidates": candidates,
        "items": list(sar.items.all()),
        "partner_requests": list(sar.partner_requests.select_related("agency")),
        "redactions": redactions,
        "undecided": sum(1 for r in redactions if r.decision == RedactionDecision.UNDECIDED),
    })


@require_POST
def sar_find(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    text = request.POST.get("person", "")
    person = None
    if text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        person = selectors.own_person_or_none(actor=request.user, person_id=int(text))
    if person is None:
        messages.error(request, "Choose one of your agency's person records")
        return redirect(sar)
    services.sar_find(actor=request.user, sar=sar, person=person, path=request.path)
    messages.success(request, "Records found. Partners holding linked records have been asked for theirs.")
    return redirect(sar)


def sar_extend(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_extend(actor=request.user, sar=sar, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(sar)
    return render(request, "rights/sar_extend.html", {"form": form, "sar": sar})


def redaction_decide(request, pk, redaction_pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    redaction = selectors.redaction_access(actor=request.user, sar=sar, redaction_id=redaction_pk)
    form = RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.redaction_decide(actor=request.user, redaction=redaction, path=request.path, **form.cleaned_data)
        return redirect(sar)
    return render(request, "rights/redaction_form.html", {"form": form, "sar": sar, "redaction": redaction})


def redaction_add(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    form = RedactionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.redaction_add(actor=request.user, sar=sar, path=request.path, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(sar)
    return render(request, "rights/redaction_add.html", {"form": form, "sar": sar})


def _package_or_back(request, sar):
    try:
        return build_package(sar)
    except PackageNotReady as error:
        messages.error(request, str(error))
        return None


def _download(response, sar, kind: str, request, package) -> HttpResponse:
    services.log_step(actor=request.user, sar=sar, step=f"package downloaded ({kind})", action=AccessAction.EXPORT,
                      path=request.path, detail={"records": len(package["records"]),
                                                 "redactions": package["redactions"]})
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}.{kind.lower()}"'
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def sar_json(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    package = _package_or_back(request, sar)
    if package is None:
        return redirect(sar)
    body = json.dumps(package, indent=2, ensure_ascii=False)
    return _download(HttpResponse(body, content_type="application/json; charset=utf-8"), sar, "JSON", request,
                     package)


def sar_pdf(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    package = _package_or_back(request, sar)
    if package is None:
        return redirect(sar)
    return _download(HttpResponse(package_pdf(package), content_type="application/pdf"), sar, "PDF", request,
                     package)


@require_POST
def sar_complete(request, pk):
    sar = selectors.sar_access(actor=request.user, sar_id=pk)
    try:
        services.sar_complete(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(sar)


def partner_requests(request):
    return render(request, "rights/partner_requests.html",
                  {"requests": selectors.partner_requests(actor=request.user).order_by("status", "-sent_at")[:200]})


def partner_request(request, pk):
    partner = selectors.partner_request_access(actor=request.user, request_id=pk)
    form = PartnerAnswerForm(request.POST or None, initial={"response": partner.response})
    if request.method == "POST" and form.is_valid():
        services.partner_request_answer(actor=request.user, request=partner, response=form.cleaned_data["response"])
        return redirect("rights:partner_requests")
    access_record(actor=request.user, action=AccessAction.VIEW, record=partner.sar, reason=JustificationReason.LEGAL,
                  justification=f"Subject access request {partner.sar.reference}: partner's part read",
                  path=request.path, detail={"step": "partner request read", "partner_request": partner.pk})
    return render(request, "rights/partner_request.html", {"partner": partner, "form": form})


def person_correct(request, pk):
    person = selectors.own_person(actor=request.user, person_id=pk, permission="people.correct")
    form = CorrectionForm(request.POST or None, instance=None, initial={
        name: getattr(person, name) for name in services.CORRECTABLE})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.person_correct(actor=request.user, person=person, reason=reason, **data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Record corrected. Partners holding linked records have been told.")
            return redirect("rights:person_correct", pk=person.pk)
    access_record(actor=request.user, action=AccessAction.VIEW, record=person, reason=JustificationReason.DATA_QUALITY,
                  justification="Correction of the agency's person record (UK GDPR Art. 16)", path=request.path)
    return render(request, "rights/person_correct.html", {"form": form, "person": person})


def request_create(request):
    require_permission(request.user, "rights.manage")
    form = RightsRequestForm(request.POST or None, initial={"person_id": request.GET.get("person", "")[:20]})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = selectors.own_person_or_none(actor=request.user, person_id=data.pop("person_id"))
        if person is None:
            form.add_error("person_id", "Enter the number of a person record your agency holds")
        else:
            made = services.rights_request_create(actor=request.user, person=person, **data)
            return redirect(made)
    return render(request, "rights/request_form.html", {"form": form})


def request_detail(request, pk):
    made = selectors.rights_request_access(actor=request.user, request_id=pk)
    pending = made.decision == Decision.PENDING
    form = (DecisionForm if pending else LiftForm)(request.POST or None)
    if request.method == "POST" and (pending or made.restriction_in_force) and form.is_valid():
        try:
            if pending:
                services.rights_request_decide(actor=request.user, request=made, **form.cleaned_data)
            else:
                services.restriction_lift(actor=request.user, request=made, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(made)
    if made.person is not None:
        access_record(actor=request.user, action=AccessAction.VIEW, record=made.person,
                      reason=JustificationReason.LEGAL, justification=f"{made}: the record it concerns",
                      path=request.path)
    return render(request, "rights/request_detail.html", {"made": made, "form": form, "pending": pending})
