"""Pages for ASB cases: the list, opening (with similar cases offered first), the case page and
the forms that change a case. Refusals of a record answer 404 (``policy.access.fetch``)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.asb import files, risk, rules, selectors, services
from saferplaces.asb.forms import (
    PICKER_LIMIT,
    AttachmentForm,
    CaseListForm,
    CaseOpenForm,
    CaseStatusForm,
    IncidentForm,
    PartyForm,
    PersonSearchForm,
    RiskForm,
    TaskForm,
)
from saferplaces.asb.models import CaseNote, CaseStatus, PartyRole
from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.listing import Listing, Sort, csv_response
from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.people.offer import similar_offer
from saferplaces.people.selectors import person_search
from saferplaces.people.services import split_name
from saferplaces.policy import access
from saferplaces.policy.gate import reason_for, shown_with, view_with_justification
from saferplaces.policy.rules import require_permission

# Downloads are data, never pages: nothing in them may run, load or be framed.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def form_page(request, form, *, title, heading, caption="", intro="", button="Save", multipart=False, extra=None):
    """One template for the case's small forms."""
    return render(request, "asb/form.html", {"form": form, "title": title, "heading": heading, "caption": caption,
                                             "intro": intro, "button": button, "multipart": multipart,
                                             **(extra or {})})


def _linkable(actor):
    return access.scope(actor, Person.objects.select_related("owner_agency"))


def _picker_page(request) -> int:
    text = request.GET.get("person_page", "1")
    return min(max(int(text), 1), 500) if text.isascii() and text.isdigit() and len(text) < 5 else 1


def _person_picker(request) -> tuple[PersonSearchForm, list | None, dict]:
    """The person search of a party form, what it found (None before a search) and the paging: a
    GET with a name, date of birth or postcode and a reason, ``PICKER_LIMIT`` matches a page (no
    cap on the matches: the next page reads on), each page logged as a search of person records."""
    if request.method != "GET" or "person_q" not in request.GET:
        return PersonSearchForm(), None, {}
    search = PersonSearchForm(request.GET)
    if not search.is_valid():
        return search, None, {}
    data = search.cleaned_data
    number = _picker_page(request)
    start = (number - 1) * PICKER_LIMIT
    rows = list(person_search(actor=request.user, query=data["person_q"])
                .order_by("surname", "forename", "pk")[start:start + PICKER_LIMIT + 1])
    found = rows[:PICKER_LIMIT]
    params = request.GET.copy()
    params.pop("person_page", None)
    paging = {"number": number, "has_next": len(rows) > PICKER_LIMIT, "has_previous": number > 1,
              "first": start + 1, "last": start + len(found), "query": params.urlencode()}
    access_record(actor=request.user, action=AccessAction.SEARCH, record_type="people.person", reason=data["reason"],
                  justification=data["justification"], path=request.path,
                  detail={"query": data["person_q"], "page": number, "results": len(found), "picker": "asb party"})
    return search, found, paging


def _picker_context(search, found, paging) -> dict:
    return {"search": search, "found": found, "limit": PICKER_LIMIT, "paging": paging}


#: the case list's sort keys: each is backed by an index on ``AsbCase`` (see its ``Meta.indexes``)
CASE_SORTS = {
    "reference": Sort("Case", ("pk",), descending_first=True),
    "status": Sort("Status", ("status", "-opened_on")),
    "risk": Sort("Risk", ("risk_score",), descending_first=True),
    "opened": Sort("Opened", ("opened_on",), descending_first=True),
}
CASE_FILTERS = ("scope", "q", "status")
MY_CASES = "My cases: lead officer or open task"


def _cases_asked(request, form, action="view"):
    """The cases the list's filters ask for, the reason to log with them, and the filters."""
    data = form.cleaned_data
    queryset = selectors.case_search(actor=request.user, query=data["q"], action=action)
    if data["scope"] == "mine":
        queryset = selectors.my_cases(queryset, request.user)
        reason, justification = JustificationReason.RELATIONSHIP, MY_CASES
    else:
        reason, justification = data["reason"], data["justification"]
    status = data["status"]
    if status == "":
        queryset = queryset.exclude(status=CaseStatus.CLOSED)
    elif status != "all":
        queryset = queryset.filter(status=status)
    return queryset, reason, justification


def case_list(request):
    """Cases the viewer may see. It opens on "my cases" (lead officer, or an open task), which asks
    no reason; every visible case is a search that asks why. Each page shown is logged as a search."""
    require_permission(request.user, "personal.search")
    form = CaseListForm(request.GET or {"scope": "mine"})
    listing = None
    if form.is_valid():
        queryset, reason, justification = _cases_asked(request, form)
        listing = Listing(request, queryset.select_related("review"), sorts=CASE_SORTS, default="-opened")
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="asb.asbcase", reason=reason,
                      justification=justification, path=request.path,
                      detail={**listing.filters(*CASE_FILTERS), "scope": form.cleaned_data["scope"],
                              "page": listing.page.number,
                              "results": listing.page.total,
                              "results_capped": listing.page.total_capped, "shown": [c.pk for c in listing.page]})
    ignored = selectors.search.ignored_words(form.cleaned_data["q"]) if listing else []
    return render(request, "asb/case_list.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None, "ignored": ignored,
        "query": listing.page_query if listing else "", "today": timezone.localdate(),
        "export_query": listing.query(page=None, sort=None) if listing else ""})


def case_export(request):
    """The cases the list's filters find, as CSV: those the viewer may export; logged as an export."""
    require_permission(request.user, "personal.export")
    form = CaseListForm(request.GET or {"scope": "mine"})
    if not form.is_valid():
        return render(request, "asb/case_list.html", {"form": form, "listing": None}, status=400)
    queryset, reason, justification = _cases_asked(request, form, action="export")
    cases = list(queryset.select_related("lead_officer", "owner_agency").order_by("-opened_on", "-pk"))
    access_record(actor=request.user, action=AccessAction.EXPORT, record_type="asb.asbcase", reason=reason,
                  justification=justification, path=request.path,
                  detail={**{k: form.cleaned_data[k] for k in CASE_FILTERS}, "rows": len(cases),
                          "ids": [c.pk for c in cases]})
    return csv_response("asb-cases", ["reference", "title", "location", "postcode", "status", "risk", "lead_agency",
                                      "lead_officer", "opened_on", "closed_on", "outcome"],
                        ([c.reference, c.title, c.location, c.postcode, c.get_status_display(),
                          c.get_risk_level_display(), c.owner_agency.name,
                          c.lead_officer.display_name if c.lead_officer else "", c.opened_on, c.closed_on or "",
                          c.get_outcome_display()] for c in cases))


def _offered_party(request, form, reason=None):
    """The party the form describes, after the similar-person offer (``people.offer``) for a person
    typed in: ``(party kwargs, offer)``; while ``offer.pending``, the offer is shown, nothing saved."""
    party = form.party_kwargs()
    if party["person"] is not None or party["is_business"]:
        return party, None
    forename, surname = split_name(party["name"])
    offer = similar_offer(request, forename=forename, surname=surname, date_of_birth=party["date_of_birth"],
                          postcode=party["postcode"], reason=reason)
    if offer.chosen is not None:
        party = {"role": party["role"], "person": offer.chosen}
    return party, offer


def case_create(request):
    """Open a case with its first party; similar person records, then similar open cases, are
    offered before a new one is made."""
    require_permission(request.user, "personal.change")
    search, found, paging = _person_picker(request)
    form = CaseOpenForm(request.POST or None, people=found or (), linkable=_linkable(request.user),
                        initial={"role": PartyRole.COMPLAINANT})
    similar = None
    offer = None
    if request.method == "POST" and form.is_valid():
        party, offer = _offered_party(request, form)
        if offer is None or not offer.pending:
            similar = selectors.similar_open_cases(
                actor=request.user, location=form.cleaned_data["location"],
                postcode=form.cleaned_data["case_postcode"],
                names=[party.get("name") or (str(party["person"]) if party["person"] else "")],
                people=[party["person"]] if party["person"] else [])
        if (offer is None or not offer.pending) and (not similar or "confirm_new" in request.POST):
            try:
                case = services.case_open(actor=request.user, **form.case_kwargs())
                services.party_add(actor=request.user, case=case, **party)
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Case {case.reference} opened")
                return redirect("asb:case_detail", pk=case.pk)
    return render(request, "asb/case_form.html", {"form": form, "similar": similar,
                                                  **_picker_context(search, found, paging),
                                                  **(offer.context() if offer else {})})


def case_detail(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk)

    def show():
        notices = selectors.case_warnings(case, request.user)
        civil_orders = selectors.case_civil_orders(case, request.user)
        parties = selectors.parties_of(case, request.user)
        # The notices, orders and linked people shown with the case: each view is logged as its own event.
        shown_with(request, case, notices + civil_orders + [p.party.person for p in parties if p.person_visible])
        decision = access.decide(request.user, [case])[case]
        policy = services.policy()
        complaints = rules.complaints_in_window(services.complaint_dates(case), timezone.localdate(),
                                                policy.trigger_months)
        questions = {code: question for code, question, _weight in risk.QUESTIONS}
        return render(request, "asb/case_detail.html", {
            "case": case, "reasons": decision.reasons(),
            "parties": parties,
            "incidents": selectors.incidents_of(case), "tasks": case.tasks.select_related("assigned_agency"),
            "attachments": case.attachments.all(), "notices": notices, "today": timezone.localdate(),
            "civil_orders": civil_orders,
            "risk_yes": [questions[c] for c in case.risk_answers or []],
            "complaints": complaints, "trigger_met": complaints >= policy.trigger_complaints, "policy": policy,
            "review": getattr(case, "review", None) if hasattr(case, "review") else None,
            "history": selectors.case_history(case),
            "notes": notes.entries(notes.notes_on(CaseNote, [case]), lambda c: f"ASB case {c.reference}"),
            "can_change": decision.allows("change"),
            "has_perpetrator": any(p.party.role == PartyRole.PERPETRATOR for p in parties),
            "letters": _letters_shown(case, parties, notices),
        })

    return view_with_justification(request, case, show)


def _letters_shown(case, parties, notices) -> list[dict]:
    """The letters written on the case, each with its recipient as the viewer may see them: a party
    the viewer sees as "A person" stays so here, and a notice's recipient is named only with a
    notice the viewer may see."""
    names = {p.party.pk: p.name if p.person_visible or not p.party.person_id else f"A person held by {p.held_by}"
             for p in parties}
    visible = {n.pk: n.recipient_name for n in notices}
    return [{"letter": letter,
             "recipient": names.get(letter.party_id, "") if letter.notice_id is None
             else visible.get(letter.notice_id, "The recipient of a warning or notice")}
            for letter in selectors.letters_of(case)]


def _case_form(request, pk, form_class, save, *, title, heading, button, success, intro="", multipart=False,
               form_kwargs=None, initial=None, extra=None):
    """A form that changes a case the viewer may change: on success, back to the case page. It shows
    the case, so it asks for the reason as the case page does and logs the view. ``initial`` and
    ``form_kwargs`` may be functions of the case."""
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")

    def show():
        kwargs = form_kwargs(case) if callable(form_kwargs) else form_kwargs or {}
        form = form_class(request.POST or None, request.FILES or None,
                          initial=initial(case) if callable(initial) else initial, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                save(case, form)
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, success)
                return redirect("asb:case_detail", pk=case.pk)
        return form_page(request, form, title=title, heading=heading, caption=str(case), intro=intro, button=button,
                         multipart=multipart, extra={"case": case, **(extra or {})})

    return view_with_justification(request, case, show)


def party_add(request, pk):
    """Add a party; a person typed in is first offered the similar person records (``people.offer``)."""
    search, found, paging = _person_picker(request)
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")

    def show():
        form = PartyForm(request.POST or None, people=found or (), linkable=_linkable(request.user),
                         initial={"is_business": "person"})
        offer = None
        if request.method == "POST" and form.is_valid():
            party, offer = _offered_party(request, form, reason_for(request, case))
            if offer is None or not offer.pending:
                try:
                    services.party_add(actor=request.user, case=case, **party)
                except services.CaseError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, "Party added")
                    return redirect("asb:case_detail", pk=case.pk)
        return form_page(request, form, title="Add a party", heading="Add a party", caption=str(case),
                         button="Add the party",
                         extra={"case": case, **_picker_context(search, found, paging),
                                **(offer.context() if offer else {})})

    return view_with_justification(request, case, show)


def incident_add(request, pk):
    now = timezone.localtime()
    return _case_form(
        request, pk, IncidentForm,
        lambda case, form: services.incident_add(actor=request.user, case=case, **form.incident_kwargs()),
        title="Record an incident", heading="Record an incident", button="Record the incident",
        success="Incident recorded",
        initial={"occurred_on": now.date(), "occurred_time": now.strftime("%H:%M"),
                 "reporting_agency": request.user.agency_id})


def risk_assess(request, pk):
    def save(case, form):
        data = form.cleaned_data
        result = services.risk_assess(actor=request.user, case=case, answers=data["answers"],
                                      judgement_level=data["judgement_level"], judgement=data["judgement"])
        messages.info(request, f"Score {result.score}: {result.level} risk")

    return _case_form(request, pk, RiskForm, save, title="Assess the risk", heading="ASB risk assessment",
                      intro="Ask the victim each question. The score decides the level; you may raise it, with a "
                            "reason.", button="Save the assessment", success="Risk assessed")


def task_add(request, pk):
    return _case_form(
        request, pk, TaskForm,
        lambda case, form: services.task_add(actor=request.user, case=case, **form.cleaned_data),
        title="Add a task", heading="Add a task", button="Add the task", success="Task added",
        intro="A task for another agency names its officer, who then sees and works on the case until the task is "
              "done. Only the lead agency gives tasks to other agencies.",
        initial=lambda case: {"assigned_agency": case.owner_agency_id})


@require_POST
def task_done(request, pk):
    task = selectors.task_access(actor=request.user, task_id=pk)
    try:
        services.task_complete(actor=request.user, task=task)
    except services.CaseError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"Task done: {task.title}")
    if request.POST.get("next") == "mine":
        return redirect("asb:my_tasks")
    return redirect("asb:case_detail", pk=task.case_id)


def case_status(request, pk):
    def save(case, form):
        data = form.cleaned_data
        if data["lead_officer"] and data["lead_officer"] != case.lead_officer:
            services.case_lead(actor=request.user, case=case, lead_officer=data["lead_officer"])
        if data["status"] == case.status:
            return
        if data["status"] == CaseStatus.CLOSED:
            services.case_close(actor=request.user, case=case, outcome=data["outcome"], notes=data["notes"])
        else:
            services.case_move(actor=request.user, case=case, status=data["status"])

    return _case_form(request, pk, CaseStatusForm, save, title="Change the status", heading="Change the status",
                      intro="Open → under investigation → action in progress ↔ monitoring → closed with an outcome. "
                            "A closed case can be reopened for investigation. Choose the current status to change "
                            "only the lead officer.",
                      button="Save", success="Case updated", initial=lambda case: {"status": case.status},
                      form_kwargs=lambda case: {"lead_agency": case.owner_agency})


def attachment_add(request, pk):
    def save(case, form):
        upload = form.cleaned_data["file"]
        if upload.size > settings.ASB["ATTACHMENT_MAX_BYTES"]:
            raise services.CaseError("The file must be smaller than "
                                     f"{settings.ASB['ATTACHMENT_MAX_BYTES'] // (1024 * 1024)} MB")
        services.attachment_add(actor=request.user, case=case, name=upload.name, data=upload.read(),
                                description=form.cleaned_data["description"])

    return _case_form(request, pk, AttachmentForm, save, title="Add evidence", heading="Add an evidence file",
                      button="Upload the file", success="File added", multipart=True)


def attachment_download(request, pk):
    """The file as a download only, after the same access check and reason as its case."""
    attachment = selectors.attachment_access(actor=request.user, attachment_id=pk)
    case = attachment.case

    def send():
        reason = reason_for(request, case)
        try:
            path = files.path_of(attachment.stored_name)
            handle = path.open("rb")
        except (files.FileRejected, OSError):
            raise Http404("The file is missing") from None
        access_record(actor=request.user, action=AccessAction.VIEW, record=attachment, reason=reason["reason"],
                      justification=reason["justification"], basis=access.basis_text(request.user, case),
                      path=request.path, detail={"case": case.pk, "sha256": attachment.sha256})
        response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True,
                                filename=attachment.filename)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = DOWNLOAD_CSP
        response["Cache-Control"] = "no-store"
        return response

    return view_with_justification(request, case, send)


def open_reviews(request):
    """ASB case reviews awaiting a decision, with their 28-day clocks: references and dates only."""
    require_permission(request.user, "personal.view")
    return render(request, "asb/open_reviews.html", {"reviews": selectors.open_reviews(actor=request.user),
                                                     "today": timezone.localdate()})


#: the task list's sort keys: the due date is indexed with the open/done state (``Task.Meta``)
TASK_SORTS = {
    "due": Sort("Due", ("due_on",)),
    "case": Sort("Case", ("case_id", "due_on")),
    "title": Sort("Task", ("title", "due_on")),
}
TASK_WINDOWS = {"overdue": "Overdue", "soon": "Due in the next 7 days", "later": "Due later"}


def my_tasks(request):
    """Reminders: the viewer's open tasks (and their agency's unassigned ones), soonest due first,
    filtered by when they are due and paged. The windows' counts come in one query."""
    require_permission(request.user, "personal.view")
    today = timezone.localdate()
    tasks = selectors.my_open_tasks(request.user)
    windows = selectors.task_windows(today)
    counts = tasks.aggregate(**{name: Count("pk", filter=q) for name, q in windows.items()})
    when = request.GET.get("when", "")
    if when in windows:
        tasks = tasks.filter(windows[when])
    listing = Listing(request, tasks, sorts=TASK_SORTS, default="due")
    return render(request, "asb/my_tasks.html", {
        "listing": listing, "page": listing.page, "query": listing.page_query, "today": today, "when": when,
        "windows": [{"code": code, "label": label, "count": counts[code],
                     "url": "?" + listing.query(when=code, page=None)} for code, label in TASK_WINDOWS.items()],
        "all_url": "?" + listing.query(when=None, page=None)})
