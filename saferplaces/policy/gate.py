"""The gate in front of every page that shows a sensitive record: ask the reason once per session,
then log every view with it (and every record the page shows with it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.shortcuts import redirect, render

from saferplaces.audit.justification import JustificationForm, record_key, remember, remembered
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record, access_record_many
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


def shown_with(request, record, shown: Iterable) -> access.Decisions:
    """Log each record of ``shown``, displayed on the page of ``record``, as its own view with the
    reason given for ``record``, and return policy's decisions on them for the page to use.

    Call it inside the ``show()`` of :func:`view_with_justification`, so that the reason is known.
    """
    shown = list(shown)
    decisions = access.decide(request.user, shown)
    reason = remembered(request.session, record_key(record))
    access_record_many(actor=request.user, action=AccessAction.VIEW, reason=reason["reason"],
                       justification=reason["justification"], path=request.path, detail={"shown_with": record.pk},
                       records=[(other, decisions[other].basis) for other in shown])
    return decisions
