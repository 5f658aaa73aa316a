"""Pages that correct a case, its parties and its incidents (each change with its reason), and the
case's notes. Refusals of a record answer 404, as the case's own would."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import selectors, services
from saferplaces.asb.forms import CaseEditForm, IncidentEditForm, PartyEditForm
from saferplaces.asb.models import CaseNote
from saferplaces.asb.views_cases import form_page
from saferplaces.people import notes
from saferplaces.policy.gate import view_with_justification

CORRECTION_INTRO = ("Correct what is wrong. The record is personal data: say why you are changing it. The record "
                    "as it was, who changed it and why are kept in the case's history.")


def _edit(request, case, form, save, *, title, success):
    """Show ``form`` for ``case`` (authorised for change); on a valid POST, ``save`` and back to the case."""

    def show():
        if request.method == "POST" and form.is_valid():
            try:
                save(form)
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, success)
                return redirect("asb:case_detail", pk=case.pk)
        return form_page(request, form, title=title, heading=title, caption=str(case), intro=CORRECTION_INTRO,
                         button="Save the change", extra={"case": case})

    return view_with_justification(request, case, show)


def case_edit(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    form = CaseEditForm(request.POST or None, initial={
        "title": case.title, "location": case.location, "postcode": case.postcode, "summary": case.summary,
        "opened_on": case.opened_on, "latitude": case.latitude, "longitude": case.longitude})
    return _edit(request, case, form,
                 lambda f: services.case_update(actor=request.user, case=case, **f.case_kwargs()),
                 title="Change the case", success="Case changed")


def party_edit(request, pk):
    party = selectors.party_access(actor=request.user, party_id=pk)
    linked = party.person_id is not None
    initial = {"role": party.role} if linked else {
        "role": party.role, "is_business": "business" if party.is_business else "person", "name": party.name,
        "date_of_birth": party.date_of_birth, "address": party.address, "postcode": party.postcode}
    form = PartyEditForm(request.POST or None, initial=initial, linked=linked)
    return _edit(request, party.case, form,
                 lambda f: services.party_update(actor=request.user, party=party, **f.party_kwargs()),
                 title="Change a party", success="Party changed")


def incident_edit(request, pk):
    incident = selectors.incident_access(actor=request.user, incident_id=pk)
    at = timezone.localtime(incident.occurred_at)
    form = IncidentEditForm(request.POST or None, initial={
        "occurred_on": at.date(), "occurred_time": at.strftime("%H:%M"), "location": incident.location,
        "kind": incident.kind, "description": incident.description,
        "reporting_agency": incident.reporting_agency_id, "is_complaint": incident.is_complaint,
        "latitude": incident.latitude, "longitude": incident.longitude})
    return _edit(request, incident.case, form,
                 lambda f: services.incident_update(actor=request.user, incident=incident, **f.incident_kwargs()),
                 title="Change an incident", success="Incident changed")


# --- notes ---------------------------------------------------------------------------------------

def _case_url(case) -> str:
    return reverse("asb:case_detail", kwargs={"pk": case.pk}) + "#notes"


def note_add(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    return notes.note_add_page(request, model=CaseNote, parent=case, back=_case_url(case), caption=str(case))


def note_correct(request, pk):
    return notes.note_correct_page(request, model=CaseNote, note_id=pk, back=lambda n: _case_url(n.case),
                                   caption=lambda n: str(n.case))


def note_file(request, pk):
    return notes.note_file_page(request, model=CaseNote, note_id=pk)

