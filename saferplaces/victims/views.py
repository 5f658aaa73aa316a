from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import suppression
from saferplaces.core.importpage import import_page
from saferplaces.core.listing import csv_response
from saferplaces.people import notes
from saferplaces.people.selectors import person_access
from saferplaces.policy import access
from saferplaces.policy.gate import shown_with, view_with_justification
from saferplaces.policy.rules import may, require_permission
from saferplaces.tabular import csv_text
from saferplaces.victims import board, dash, selectors, services
from saferplaces.victims.forms import ReferralForm, ReferralUpdateForm, RegisterForm, VictimisationForm
from saferplaces.victims.models import Service, Victimisation, VictimNote


def register(request):
    """The repeat-victim register; opening it is logged as a search, with its reason."""
    require_permission(request.user, "personal.search")
    form = RegisterForm(request.GET or None)
    entries = page = None
    query = ""
    if form.is_bound and form.is_valid():
        page = selectors.register_page(actor=request.user, rule=form.cleaned_data["rule"],
                                       page=request.GET.get("page"), page_size=settings.VICTIMS["REGISTER_PAGE_SIZE"])
        entries = page.entries
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="victims.victimisation",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={"register_entries": page.total, "page": page.number,
                                                 "rule": form.cleaned_data["rule"]})
        query = urlencode({k: form.cleaned_data[k] for k in ("rule", "reason", "justification")
                           if form.cleaned_data[k]})
    return render(request, "victims/register.html", {"form": form, "entries": entries, "page": page,
                                                     "query": query,
                                                     "limits": selectors.limits()})


def register_export(request):
    """The register as CSV: the people the actor may export, with each flag's rule, reason and
    sources; logged as an export with its reason, filter and the person records in it."""
    require_permission(request.user, "personal.export")
    form = RegisterForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "victims/register.html", {"form": form, "entries": None,
                                                         "limits": selectors.limits()}, status=400)
    entries = selectors.register(actor=request.user, rule=form.cleaned_data["rule"])
    decisions = access.decide(request.user, [p for entry in entries for p in entry.people])
    rows = []
    for entry in entries:
        people = [p for p in entry.people if decisions[p].allows("export")]
        if people:
            rows.append((entry, people))
    access_record(actor=request.user, action=AccessAction.EXPORT, record_type="people.person",
                  reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                  path=request.path, detail={"register_rule": form.cleaned_data["rule"], "rows": len(rows),
                                             "ids": [p.pk for _entry, people in rows for p in people]})
    return csv_response(
        "repeat-victims",
        ["person", "agencies", "rules", "why flagged", "sources", "victimisations and ASB complaints"],
        ([" / ".join(str(p) for p in people), " / ".join(p.owner_agency.short_name for p in people),
          "; ".join(flag.rule for flag in entry.flags), "; ".join(flag.reason for flag in entry.flags),
          "; ".join(source for flag in entry.flags for source in flag.sources), entry.events]
         for entry, people in rows))


def referral_create(request, person_pk):
    person = person_access(actor=request.user, person_id=person_pk)
    if not may(request.user, "personal.change"):
        raise Http404("No such record")  # a page about one record: refusals look like a missing record

    def show():
        # The form shows the person and their victimisations: each is logged with the reason given.
        victimisations = list(selectors.visible_victimisations(request.user, people=[person]))
        shown_with(request, person, victimisations)
        form = ReferralForm(request.POST or None, victimisations=victimisations,
                            initial={"referred_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                referral = services.referral_create(actor=request.user, person=person, **form.service_kwargs())
            except services.ReferralError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Referral recorded")
                return redirect("victims:referral_detail", pk=referral.pk)
        return render(request, "victims/referral_form.html", {"form": form, "person": person})

    return view_with_justification(request, person, show)


def referral_detail(request, pk):
    referral = selectors.referral_access(actor=request.user, referral_id=pk)

    def show():
        questions = dict(dash.QUESTIONS)
        decision = access.decide(request.user, [referral])[referral]
        hidden = access.hidden_parts(decision)  # the DASH answers are domestic abuse data (policy/categories.py)
        return render(request, "victims/referral_detail.html", {
            "referral": referral,
            "reasons": decision.reasons(),
            "dash_hidden": "dash_answers" in hidden,
            "judgement_hidden": "judgement_reason" in hidden,
            "dash_yes": [] if "dash_answers" in hidden else [questions[code] for code in referral.dash_answers or []],
            "is_marac": referral.service == Service.MARAC,
            "previous": (selectors.previous_marac_referral(actor=request.user, referral=referral)
                         if referral.service == Service.MARAC else None),
            "threshold": dash.HIGH_RISK_THRESHOLD,
        })

    return view_with_justification(request, referral, show)


def referral_update(request, pk):
    referral = selectors.referral_access(actor=request.user, referral_id=pk, action="change")

    def show():  # the form shows the referral: asked and logged as its page is
        form = ReferralUpdateForm(request.POST or None, initial={"status_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.referral_update(actor=request.user, referral=referral, **form.cleaned_data)
            except services.ReferralError as error:
                form.add_error("status_on", str(error))
            else:
                messages.success(request, "Referral updated")
                return redirect("victims:referral_detail", pk=referral.pk)
        return render(request, "victims/referral_update.html", {"form": form, "referral": referral})

    return view_with_justification(request, referral, show)


def victimisation_import(request):
    require_permission(request.user, "personal.change")
    return import_page(request, title="Import victimisations", file_label="CSV file of victimisations",
                       noun="victimisation", columns=services.IMPORT_COLUMNS,
                       run=lambda text: services.victimisations_import(actor=request.user, text=text))


def marac_figures(request):
    """Exact figures for those who work the cases; for everyone else, the board's suppressed figures."""
    require_permission(request.user, "evidence.view")
    quarters = selectors.marac_quarters()
    if may(request.user, suppression.EXACT_PERMISSION):
        return render(request, "victims/marac.html", {"quarters": quarters, "exact": True})
    return render(request, "victims/marac.html", {"rows": board.marac_rows(quarters), "note": suppression.NOTE})


def marac_export(request):
    """MARAC figures for the board: small numbers suppressed, so they may leave the partnership."""
    require_permission(request.user, "evidence.view")
    rows = board.marac_rows(selectors.marac_quarters())
    body = csv_text(["quarter", "measure", "value"], rows + [["", "Note", suppression.NOTE]])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="marac-figures-{timezone.localdate():%Y%m%d}.csv"'
    return response


def victimisation_create(request, person_pk):
    """Record a victimisation against a person record the viewer's agency holds."""
    person = person_access(actor=request.user, person_id=person_pk, action="change")

    def show():  # the form shows the person: asked and logged as their page is
        form = VictimisationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.victimisation_create(actor=request.user, person=person, **form.cleaned_data)
            except services.ReferralError as error:
                form.add_error("reference", str(error))
            else:
                messages.success(request, "Victimisation recorded")
                return redirect("people:detail", pk=person.pk)
        return render(request, "victims/victimisation_form.html", {"form": form, "person": person})

    return view_with_justification(request, person, show)


# --- notes on a victimisation ------------------------------------------------------------------

def _victimisation(request, pk, action="view"):
    return access.fetch(request.user, Victimisation.objects.select_related("person", "owner_agency"), pk, action)


def _notes_url(victimisation) -> str:
    return reverse("victims:victimisation_notes", kwargs={"pk": victimisation.pk})


def victimisation_notes(request, pk):
    """A victimisation and its notes: every contact with or about the victim on it."""
    victimisation = _victimisation(request, pk)
    summary = [("Type", victimisation.get_kind_display()), ("Date", f"{victimisation.occurred_on:%d %B %Y}"),
               ("Reference", victimisation.reference or "None"), ("Held by", victimisation.owner_agency.name)]
    if victimisation.summary:
        summary.append(("Summary", victimisation.summary))
    return notes.record_notes_page(
        request, model=VictimNote, parent=victimisation, heading=str(victimisation), caption="Victimisation",
        summary=summary, back=reverse("people:detail", kwargs={"pk": victimisation.person_id}),
        add_url=reverse("victims:note_add", kwargs={"pk": victimisation.pk}), file_url="victims:note_file",
        correct_url="victims:note_correct")


def note_add(request, pk):
    victimisation = _victimisation(request, pk, "change")
    return notes.note_add_page(request, model=VictimNote, parent=victimisation, back=_notes_url(victimisation),
                               caption=str(victimisation))


def note_correct(request, pk):
    return notes.note_correct_page(request, model=VictimNote, note_id=pk,
                                   back=lambda n: _notes_url(n.victimisation), caption=lambda n: str(n.victimisation))


def note_file(request, pk):
    return notes.note_file_page(request, model=VictimNote, note_id=pk)
