"""The gate in front of every page that shows a sensitive record: ask the reason once per session,
then log every view with it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import redirect, render

from saferplaces.audit.justification import JustificationForm, record_key, remember, remembered
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.policy import access

FORM_MARKER = "justification-form"


def view_with_justification(request, record, show: Callable[[], HttpResponse]) -> HttpResponse:
    """Show ``record`` through ``show()`` once the session has a reason for it; log the view.

    The caller has already authorised the actor (``policy.access.fetch``).
    """
    key = record_key(record)
    form = JustificationForm()
    if request.method == "POST" and FORM_MARKER in request.POST:
        form = JustificationForm(request.POST)
        if form.is_valid():
            remember(request.session, key, form.cleaned_data)
            return redirect(request.get_full_path())
    reason = remembered(request.session, key)
    if reason is None:
        context = {
            "form": form,
            "form_marker": FORM_MARKER,
            "record_kind": record._meta.verbose_name,
            "owner": record.owner_agency,
        }
        return render(request, "audit/justify.html", context)
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        record=record,
        reason=reason["reason"],
        justification=reason["justification"],
        basis=access.basis_text(request.user, record),
        path=request.path,
    )
    return show()
