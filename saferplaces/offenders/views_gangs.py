"""Pages of the gangs cohort (rules in ``offenders.gangs``): its members and their marks, the
activation page of the data protection officer, marking, review and removal."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import files
from saferplaces.core.listing import Listing, Sort, csv_response
from saferplaces.offenders import gangs, selectors_gangs, services_gangs
from saferplaces.offenders.exports_registry import export_recorded
from saferplaces.offenders.forms_gangs import (
    ActivationForm,
    DocumentForm,
    GangsListForm,
    MarkForm,
    MemberForm,
    RemoveForm,
)
from saferplaces.offenders.models import Cohort, CohortMembership, GangsDocument, GangsMark
from saferplaces.people.selectors import person_access
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import require_permission

SORTS = {
    "person": Sort("Person", ("person__surname", "person__forename")),
    "started": Sort("Started", ("started_on",)),
    "review": Sort("Next review", ("gangs_mark__next_review_on",)),
}


def _posted(request):
    """The form data of a POST, even an empty one (``request.POST or None`` would leave it unbound)."""
    return request.POST if request.method == "POST" else None


def _asked(request, form):
    queryset = selectors_gangs.visible_members(request.user)
    if form.cleaned_data["mark"]:
        queryset = queryset.filter(gangs_mark__mark=form.cleaned_data["mark"])
    return queryset


def _with_reviews(memberships, today):
    return [(m, selectors_gangs.review_of(m, today)) for m in memberships]


def cohort(request):
    """The gangs-cohort members the viewer may see, with their mark, score and review; overdue reviews
    flagged. Each page is logged as a search with its reason."""
    require_permission(request.user, "personal.search")
    today = timezone.localdate()
    form = GangsListForm(request.GET or None)
    listing, rows = None, []
    if form.is_bound and form.is_valid():
        queryset = _asked(request, form)
        if form.cleaned_data["overdue"]:
            overdue = [m.pk for m, review in _with_reviews(queryset, today) if review.overdue]
            queryset = queryset.filter(pk__in=overdue)
        listing = Listing(request, queryset, sorts=SORTS, default="review")
        rows = _with_reviews(listing.page.object_list, today)
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="offenders.cohortmembership",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={**listing.filters("mark", "overdue"), "cohort": Cohort.GANGS,
                                                 "page": listing.page.number})
    return render(request, "offenders/gangs/cohort.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None, "rows": rows,
        "query": listing.page_query if listing else "", "today": today,
        "export_query": listing.query(page=None, sort=None) if listing else "",
        "activation": services_gangs.activation_for(request.user.agency), "grace": gangs.grace_days()})


def export(request):
    """The gangs-cohort members the filters find, with their marks, as CSV: logged as an export and
    registered (``offenders.exports_registry``) so that a removal lists it for recall."""
    require_permission(request.user, "personal.export")
    form = GangsListForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "offenders/gangs/cohort.html", {"form": form, "listing": None}, status=400)
    today = timezone.localdate()
    memberships = list(selectors_gangs.visible_members(request.user, "export")
                       .filter(pk__in=_asked(request, form).values("pk")).order_by("pk"))
    rows = _with_reviews(memberships, today)
    if form.cleaned_data["overdue"]:
        rows = [(m, review) for m, review in rows if review.overdue]
    export_recorded(actor=request.user, kind="offenders:gangs_export", records=[m for m, _ in rows])
    access_record(actor=request.user, action=AccessAction.EXPORT, record_type="offenders.cohortmembership",
                  reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                  path=request.path, detail={"cohort": Cohort.GANGS, "rows": len(rows), "ids": [m.pk for m, _ in rows]})
    return csv_response("gangs-cohort", ["membership_id", "person_id", "forename", "surname", "held_by", "since",
                                         "mark", "criteria", "score", "next_review", "review_overdue"],
                        ([m.pk, m.person_id, m.person.forename, m.person.surname, m.owner_agency.short_name,
                          m.started_on, mark_label(m), " ".join(_mark(m).criteria) if _mark(m) else "",
                          _mark(m).score if _mark(m) else "", review.due, "yes" if review.overdue else "no"]
                         for m, review in rows))


def _mark(membership) -> GangsMark | None:
    return getattr(membership, "gangs_mark", None)


def mark_label(membership) -> str:
    mark = _mark(membership)
    return mark.get_mark_display() if mark else "Not marked"


# --- activation: the data protection officer --------------------------------------------------

def activation(request):
    """The agency's gangs cohort: its assessments (add one), its activation, and the removals whose
    exported copies are to be recalled. For the agency's data protection officer (``gangs.activate``)."""
    require_permission(request.user, "gangs.activate")
    agency = request.user.agency
    form = ActivationForm(_posted(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services_gangs.cohort_activate(actor=request.user, **form.cleaned_data)
        except services_gangs.GangsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Gangs cohort activated")
            return redirect("offenders:gangs_activation")
    return render(request, "offenders/gangs/activation.html", {
        "form": form, "activation": services_gangs.activation_for(agency),
        "documents": selectors_gangs.documents(agency), "removals": selectors_gangs.removals(agency),
        "today": timezone.localdate()})


def document_add(request):
    require_permission(request.user, "gangs.activate")
    form = DocumentForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("file")
        try:
            services_gangs.document_add(actor=request.user, file_name=upload.name, data=upload.read(), **data)
        except services_gangs.GangsError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "Assessment attached")
            return redirect("offenders:gangs_activation")
    return render(request, "offenders/gangs/document_form.html", {"form": form})


def document_file(request, pk):
    """An assessment's file, as a download only: for the data protection officers of its agency."""
    require_permission(request.user, "gangs.activate")
    document = GangsDocument.objects.filter(pk=pk, agency_id=request.user.agency_id).first()
    if document is None:
        raise Http404("No such assessment")
    try:
        handle = files.path_of(document.file_stored_name).open("rb")
    except (files.FileRejected, OSError):
        raise Http404("The file is missing") from None
    response = FileResponse(handle, content_type=document.file_type, as_attachment=True, filename=document.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    return response


# --- members: add marked, review, remove -----------------------------------------------------

def member_add(request, person_pk):
    """Add a person held by the viewer's agency to its gangs cohort, marked; refused until activated."""
    person = person_access(actor=request.user, person_id=person_pk, action="change")
    active = services_gangs.activation_for(request.user.agency)

    def show():  # the form shows the person: asked and logged as their page is
        form = MemberForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                services_gangs.member_add(actor=request.user, person=person, **form.cleaned_data)
            except services_gangs.GangsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Added to the gangs cohort")
                return redirect("people:detail", pk=person.pk)
        return render(request, "offenders/gangs/member_form.html", {"form": form, "person": person,
                                                                    "activation": active})

    return view_with_justification(request, person, show)


def _membership(request, pk):
    queryset = CohortMembership.objects.filter(cohort=Cohort.GANGS).select_related("person", "owner_agency",
                                                                                     "gangs_mark")
    return access.fetch(request.user, queryset, pk, "change")


def review(request, pk):
    """Review (or first record) a member's mark: the criteria met today; the next review in three months."""
    membership = _membership(request, pk)
    mark = _mark(membership)
    today = timezone.localdate()

    def show():
        initial = {"mark": mark.mark, "criteria": mark.criteria} if mark else None
        form = MarkForm(_posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services_gangs.mark_review(actor=request.user, membership=membership, **form.cleaned_data)
            except services_gangs.GangsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Review recorded: the next is due in three months")
                return redirect("offenders:membership_notes", pk=membership.pk)
        return render(request, "offenders/gangs/review.html", {
            "form": form, "membership": membership, "mark": mark,
            "review": selectors_gangs.review_of(membership, today)})

    return view_with_justification(request, membership, show)


def remove(request, pk):
    """Remove a member by hand, with a reason: their gangs-cohort data is deleted, and the exports that
    contained it are listed so that their copies can be recalled."""
    membership = _membership(request, pk)

    def show():
        form = RemoveForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            person = membership.person
            removed = services_gangs.member_remove(actor=request.user, membership=membership, **form.cleaned_data)
            return render(request, "offenders/gangs/removed.html", {
                "removal": removed.removal, "exports": removed.exports, "person": person})
        return render(request, "offenders/gangs/remove.html", {"form": form, "membership": membership})

    return view_with_justification(request, membership, show)


def membership_summary(membership) -> list[tuple[str, str]]:
    """The mark and review of a gangs membership, for its notes page (``views.membership_notes``)."""
    if membership.cohort != Cohort.GANGS:
        return []
    mark = _mark(membership)
    review_state = selectors_gangs.review_of(membership, timezone.localdate())
    due = f"{review_state.due:%d %B %Y}"
    if review_state.overdue:
        due += f": overdue; removed after {review_state.removal_on:%d %B %Y} unless reviewed"
    if mark is None:
        return [("Mark", "Not marked: review to mark"), ("Review due", due)]
    criteria = "; ".join(f"{code} {gangs.BY_CODE[code].text}" for code in mark.criteria)
    return [("Mark", mark.get_mark_display()), ("Criteria met", criteria), ("Score", str(mark.score)),
            ("Last reviewed", f"{mark.reviewed_on:%d %B %Y}"), ("Review due", due)]
