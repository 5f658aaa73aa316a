import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.policy import access, services
from saferplaces.policy.agreement_history import agreement_history
from saferplaces.policy.forms import AgreementForm, GrantForm
from saferplaces.policy.models import AccessGrant, AgreementStatus, InformationSharingAgreement, Protected
from saferplaces.policy.rules import may, require_permission

CHANGEABLE = (AgreementStatus.DRAFT, AgreementStatus.ACTIVE)


def agreement_list(request):
    require_permission(request.user, "isa.view")
    agreements = InformationSharingAgreement.objects.exclude(status=AgreementStatus.SUPERSEDED).prefetch_related(
        "parties")
    return render(request, "policy/agreement_list.html", {"agreements": agreements, "today": timezone.localdate()})


def _detail(request, agreement, error="", status=200):
    parties = list(agreement.parties.all())
    signed = {s.agency_id: s for s in agreement.sign_offs.select_related("signed_by")}
    user = request.user
    is_party_dpo = may(user, "isa.manage") and user.agency_id in {p.pk for p in parties}
    latest = services.agreement_latest(agreement)
    return render(request, "policy/agreement_detail.html", {
        "agreement": agreement,
        "sign_offs": [(party, signed.get(party.pk)) for party in parties],
        "versions": agreement.versions().exclude(pk=agreement.pk),
        "pending": latest if latest != agreement else None,
        "history": agreement_history(agreement),
        "can_sign": is_party_dpo and agreement.status == AgreementStatus.DRAFT and user.agency_id not in signed,
        "can_change": is_party_dpo and latest == agreement and agreement.status in CHANGEABLE,
        "can_end": is_party_dpo and agreement.status == AgreementStatus.ACTIVE,
        "error": error,
    }, status=status)


def agreement_detail(request, pk):
    require_permission(request.user, "isa.view")
    return _detail(request, get_object_or_404(InformationSharingAgreement, pk=pk))


def agreement_edit(request, pk=None):
    """Propose an agreement, or a change to one as a new version; both wait for every party's sign-off."""
    require_permission(request.user, "isa.manage")
    agreement = InformationSharingAgreement()
    if pk is not None:
        agreement = services.agreement_latest(get_object_or_404(InformationSharingAgreement, pk=pk))
        if agreement.pk != pk:
            return redirect("policy:isa_edit", pk=agreement.pk)
        if request.user.agency_id not in set(agreement.parties.values_list("pk", flat=True)):
            raise PermissionDenied("Only the data protection officers of an agreement's parties change it")
        if agreement.status not in CHANGEABLE:
            raise PermissionDenied("This agreement can no longer be changed")
    form = AgreementForm(request.POST or None, instance=agreement, actor=request.user)
    if request.method == "POST" and form.is_valid():
        parties = form.cleaned_data["parties"]
        if pk is None:
            saved = services.agreement_propose(actor=request.user, agreement=form.save(commit=False), parties=parties)
        else:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "parties"}
            saved = services.agreement_change(actor=request.user, agreement=agreement, fields=fields, parties=parties)
        messages.success(request, f"Version {saved.version} of {saved.reference} is a draft until the data "
                                  "protection officer of every party signs it off.")
        return redirect("policy:isa_detail", pk=saved.pk)
    return render(request, "policy/agreement_form.html", {"form": form, "agreement": agreement})


@require_POST
def agreement_sign(request, pk):
    """Sign off a draft for the user's agency (its data protection officer)."""
    require_permission(request.user, "isa.manage")
    agreement = get_object_or_404(InformationSharingAgreement, pk=pk)
    try:
        signed = services.agreement_sign(actor=request.user, agreement=agreement)
    except ValueError as refused:
        return _detail(request, agreement, error=str(refused), status=400)
    now_active = " Every party has signed: it is now active." if signed.status == AgreementStatus.ACTIVE else ""
    messages.success(request, f"You signed version {signed.version} of {signed.reference} for "
                              f"{request.user.agency.name}.{now_active}")
    return redirect("policy:isa_detail", pk=signed.pk)


@require_POST
def agreement_end(request, pk):
    """End an active agreement at once (a party's data protection officer)."""
    require_permission(request.user, "isa.manage")
    agreement = get_object_or_404(InformationSharingAgreement, pk=pk)
    try:
        ended = services.agreement_end(actor=request.user, agreement=agreement)
    except ValueError as refused:
        return _detail(request, agreement, error=str(refused), status=400)
    messages.success(request, f"{ended.reference} has ended: it no longer shares anything.")
    return redirect("policy:isa_detail", pk=ended.pk)


def _grants_on(record):
    return (AccessGrant.objects.current()
            .filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
            .select_related("grantee_user", "grantee_agency", "granted_by"))


def grant_create(request, record_type, pk):
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        raise Http404("No such record type") from None
    if not issubclass(model, Protected):
        raise Http404("No such record type")
    record = access.fetch(request.user, model._default_manager.all(), pk, action="grant")
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_on"]
        services.grant_create(
            actor=request.user,
            record=record,
            reason=form.cleaned_data["reason"],
            grantee_user=form.cleaned_data["grantee_user"],
            grantee_agency=form.cleaned_data["grantee_agency"],
            expires_at=min(timezone.make_aware(dt.datetime.combine(expires, dt.time.max)),
                           services.grant_latest_end()) if expires else None,
        )
        return redirect(record.get_absolute_url() if hasattr(record, "get_absolute_url") else "core:home")
    return render(request, "policy/grant_form.html", {"form": form, "record": record, "grants": _grants_on(record),
                                                       "record_kind": model._meta.verbose_name,
                                                       "grant_days": services.grant_days()})


@require_POST
def grant_revoke(request, pk):
    """End a current grant. Answers 404 when the grant is missing, no longer current, or on a record the
    user may not grant access to."""
    grant = get_object_or_404(AccessGrant.objects.current().select_related("content_type"), pk=pk)
    model = grant.content_type.model_class()
    record = access.fetch(request.user, model._default_manager.all(), grant.object_id, action="grant")
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, f"Access for {grant.grantee_user or grant.grantee_agency} revoked.")
    return redirect("policy:grant_create", record_type=model._meta.label_lower, pk=record.pk)
