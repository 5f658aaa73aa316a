"""The gate in front of every page that shows a sensitive record: ask the reason once per session,
then log every view with it (and every record the page shows with it).

Reasons where they mean something: when the actor's own part in the record is the reason (they
created it, lead it, or are named on its open casework; :func:`relationship_to`), the gate asks
nothing and records that part as the justification, with the reason code ``relationship``. Every
other first view in a session asks why. docs/security.md, "Reasons", says which parts count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.shortcuts import redirect, render

from saferplaces.accounts.middleware import SIGNED_IN_AT
from saferplaces.audit.justification import JustificationForm, earlier_reason, record_key, remember, remembered
from saferplaces.audit.models import AccessAction, ChangeAction, ChangeRecord, JustificationReason
from saferplaces.audit.services import access_record, access_record_many
from saferplaces.policy import access
from saferplaces.policy.associations import ASSOCIATIONS

FORM_MARKER = "justification-form"


def relationship_to(actor, record) -> str | None:
    """The actor's own part in ``record`` that is reason enough to see it, in words; None if none.

    In this order: lead officer of the record (its ``lead_officer``) or of its case; the officer
    named on its open casework (a ``user`` way in of ``policy.associations`` that carries a
    ``role``); its creator (the change history's first entry names them). An agency colleague's
    record, a record shared by agreement or grant, or a finished task is not a relationship: those
    views are asked why. At most two small queries, only when the cheaper checks did not answer.
    """
    if getattr(record, "lead_officer_id", None) == actor.pk:
        return "Lead officer of this record"
    case = getattr(record, "case", None)
    if case is not None and getattr(case, "lead_officer_id", None) == actor.pk:
        return "Lead officer of its case"
    for via in ASSOCIATIONS.get(record._meta.label, ()):
        if via.user and via.role and type(record)._default_manager.filter(
                pk=record.pk, **via.lookups(actor)).exists():
            return via.role
    created = ChangeRecord.objects.filter(record_type=record._meta.label_lower, record_id=str(record.pk),
                                          action=ChangeAction.CREATE, actor_id=actor.pk)
    if created.exists():
        return "Created this record"
    return None


def reason_for(request, record) -> dict | None:
    """The reason this session views ``record`` for: the one given for it, else the actor's
    relationship to it (:func:`relationship_to`), else None (the gate must ask)."""
    key = record_key(record)
    reason = remembered(request.session, key)
    if reason is not None:
        return reason
    # Worked out afresh for each request, never kept in the session: a task finished or a lead
    # officer changed ends the relationship, and the next view asks why.
    known = request.__dict__.setdefault("_saferplaces_relationships", {})
    if key not in known:
        part = relationship_to(request.user, record)
        known[key] = None if part is None else {"reason": JustificationReason.RELATIONSHIP, "justification": part}
    return known[key]


def view_with_justification(request, record, show: Callable[[], HttpResponse]) -> HttpResponse:
    """Show ``record`` through ``show()`` once the session has a reason for it; log the view.

    The reason is the one given in this session, or the actor's relationship to the record; with
    neither, the page asks. The caller has already authorised the actor (``policy.access.fetch``).
    """
    key = record_key(record)
    form, earlier = None, None
    if request.method == "POST" and FORM_MARKER in request.POST:
        form = JustificationForm(request.POST)
        if form.is_valid():
            remember(request.session, key, form.cleaned_data)
            return redirect(request.get_full_path())
    reason = reason_for(request, record)
    if reason is None:
        if form is None:  # the answer given earlier in the session is offered, selected (WCAG 3.3.7)
            earlier = earlier_reason(request.user, request.session.get(SIGNED_IN_AT))
            form = JustificationForm(initial=earlier and {k: earlier[k] for k in ("reason", "justification")})
        context = {
            "form": form,
            "form_marker": FORM_MARKER,
            "record_kind": record._meta.verbose_name,
            # Named only by its reference (never by a person's name) before the reason is given.
            "record_reference": getattr(record, "reference", ""),
            "owner": record.owner_agency,
            "earlier": earlier,
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
    reason = reason_for(request, record)
    access_record_many(actor=request.user, action=AccessAction.VIEW, reason=reason["reason"],
                       justification=reason["justification"], path=request.path, detail={"shown_with": record.pk},
                       records=[(other, decisions[other].basis) for other in shown])
    return decisions
