import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.policy import access, services
from saferplaces.policy.forms import AgreementForm, GrantForm
from saferplaces.policy.models import AccessGrant, InformationSharingAgreement, Protected
from saferplaces.policy.rules import require_permission


def agreement_list(request):
    require_permission(request.user, "isa.view")
    agreements = InformationSharingAgreement.objects.prefetch_related("parties")
    return render(request, "policy/agreement_list.html", {"agreements": agreements, "today": timezone.localdate()})


def agreement_detail(request, pk):
    require_permission(request.user, "isa.view")
    agreement = get_object_or_404(InformationSharingAgreement.objects.prefetch_related("parties"), pk=pk)
    return render(request, "policy/agreement_detail.html", {"agreement": agreement})


def agreement_edit(request, pk=None):
    require_permission(request.user, "isa.manage")
    agreement = get_object_or_404(InformationSharingAgreement, pk=pk) if pk else InformationSharingAgreement()
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        saved = services.agreement_save(actor=request.user, agreement=form.save(commit=False),
                                        parties=form.cleaned_data["parties"])
        return redirect("policy:isa_detail", pk=saved.pk)
    return render(request, "policy/agreement_form.html", {"form": form, "agreement": agreement})


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
