import datetime as dt

from django import forms
from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.asb import files, letters, risk
from saferplaces.asb.models import (
    CaseOutcome,
    CaseStatus,
    IncidentKind,
    LetterKind,
    LetterTemplate,
    NoticeKind,
    NoticeStatus,
    PartyRole,
    RiskLevel,
    StepKind,
)
from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKForm
from saferplaces.geo.forms import PointPickerMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date"}


def _select(form, *names):
    for name in names:
        form.fields[name].widget.attrs["class"] = "govuk-select"


def _not_future(day, what="The date"):
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future")
    return day


def _person_choice(person) -> str:
    born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
    return f"{person} ({person.owner_agency.short_name}{born})"


#: people offered on one page of the person picker's matches (the next page reads on)
PICKER_LIMIT = 20


class PersonSearchForm(JustificationForm):
    """The person picker of a party form: a search with its reason (logged), never a list of everyone."""

    person_q = forms.CharField(label="Find a person record", max_length=100,
                               help_text="Type a name, date of birth (for example 01/05/1990), postcode or "
                                         "reference, or several of them. Linking a record is optional.",
                               error_messages={"required": "Enter a name, postcode or reference to search for"})
    field_order = ["person_q", "reason", "justification"]

    def clean_person_q(self):
        query = self.cleaned_data["person_q"].strip()
        if len(query) < 2:
            raise forms.ValidationError("Enter at least 2 characters to search for")
        return query


class PartyFields(GovUKForm):
    """The fields that describe a party; the case form asks for the first one."""

    role = forms.ChoiceField(label="Part in the case", choices=PartyRole.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the part they play"})
    is_business = forms.ChoiceField(label="Person or business", choices=[("person", "A person"),
                                                                          ("business", "A business or organisation")],
                                    widget=forms.RadioSelect, initial="person",
                                    error_messages={"required": "Select a person or a business"})
    person = forms.IntegerField(label="Person record", required=False, min_value=1, max_value=2**31 - 1,
                                widget=forms.RadioSelect,
                                help_text="The case links to the record: its details are shown only to those who may "
                                          "see it. Leave the details below blank when you link one.")
    name = forms.CharField(label="Name", required=False, max_length=200)
    date_of_birth = forms.DateField(label="Date of birth", required=False, widget=DATE,
                                    error_messages={"invalid": "Enter a real date"},
                                    help_text="Needed before a warning: recipients must be 16 or over")
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, people=(), linkable=None, **kwargs):
        """``people``: the picker's search results to offer; ``linkable``: the people the actor may link
        (a scoped queryset), which a chosen record must be among."""
        super().__init__(*args, **kwargs)
        self.linkable = linkable
        people = list(people)
        chosen = str(self.data.get(self.add_prefix("person"), "")) if self.is_bound else ""
        if chosen.isdigit() and linkable is not None and len(chosen) < 11:
            # Offered again when the form comes back with an error: the actor chose it from a logged search.
            people += [p for p in linkable.filter(pk=int(chosen)) if p not in people]
        if people:
            self.fields["person"].widget.choices = [("", "No person record")] + [
                (p.pk, _person_choice(p)) for p in people]
        else:
            self.fields["person"].widget = forms.HiddenInput()

    def clean_person(self):
        pk = self.cleaned_data["person"]
        if pk is None:
            return None
        person = self.linkable.filter(pk=pk).first() if self.linkable is not None else None
        if person is None:
            raise forms.ValidationError("Choose a person record found by the search")
        return person

    def clean_date_of_birth(self):
        return _not_future(self.cleaned_data["date_of_birth"], "The date of birth")

    def clean(self):
        data = super().clean()
        if not (data.get("name", "").strip() or data.get("person")):
            self.add_error("name", "Enter the name of the person or business, or choose a person record")
        if data.get("is_business") == "business" and data.get("person"):
            self.add_error("person", "A business cannot be linked to a person record")
        elif data.get("person") and any(data.get(f) for f in ("name", "date_of_birth", "address", "postcode")):
            self.add_error("person", "Link the person record or type the details, not both: the record's details "
                                     "are used")
        return data

    def party_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"role": data["role"], "name": data["name"], "person": data.get("person"),
                "is_business": data["is_business"] == "business", "date_of_birth": data["date_of_birth"],
                "address": data["address"], "postcode": data["postcode"]}


class CaseOpenForm(PointPickerMixin, PartyFields):
    point_postcode_field = "case_postcode"

    title = forms.CharField(label="Case title", max_length=200,
                            help_text="For example: noise and intimidation, Church Street market",
                            error_messages={"required": "Enter a title for the case"})
    location = forms.CharField(label="Where the behaviour happens", max_length=300,
                               error_messages={"required": "Enter where the behaviour happens"})
    case_postcode = forms.CharField(label="Postcode of the location", required=False, max_length=10)
    summary = forms.CharField(label="Summary", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    field_order = ["title", "location", "case_postcode", "summary", "role", "is_business", "person", "name",
                   "date_of_birth", "address", "postcode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = "The first party: their part in the case"

    def case_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "location": data["location"], "postcode": data["case_postcode"],
                "summary": data["summary"], "latitude": data["latitude"], "longitude": data["longitude"]}


class PartyForm(PartyFields):
    pass


class IncidentForm(PointPickerMixin, GovUKForm):
    occurred_on = forms.DateField(label="Date", widget=DATE, error_messages=DATE_ERRORS)
    occurred_time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                    error_messages={"required": "Enter the time", "invalid": "Enter a real time"})
    location = forms.CharField(label="Location", max_length=300, error_messages={"required": "Enter the location"})
    postcode = forms.CharField(label="Postcode of the place", required=False, max_length=10,
                               help_text="Places the incident on the map; or click the map to mark the exact place")
    kind = forms.ChoiceField(label="Type", choices=[("", "Choose a type")] + list(IncidentKind.choices),
                             error_messages={"required": "Choose the type of behaviour"})
    description = forms.CharField(label="What happened", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": "Describe what happened"})
    reporting_agency = forms.ModelChoiceField(label="Reported to", queryset=Agency.objects.filter(active=True),
                                              error_messages={"required": "Choose the agency it was reported to"})
    is_complaint = forms.BooleanField(label="This is a complaint by or for the victim (it counts towards the "
                                            "Community Trigger)", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "kind", "reporting_agency")

    def clean(self):
        data = super().clean()
        if data.get("occurred_on") and data.get("occurred_time"):
            at = timezone.make_aware(dt.datetime.combine(data["occurred_on"], data["occurred_time"]))
            if at > timezone.now():
                self.add_error("occurred_on", "The incident cannot be in the future")
            data["occurred_at"] = at
        return data

    def incident_kwargs(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("occurred_at", "location", "kind", "description", "reporting_agency",
                                           "is_complaint", "latitude", "longitude")}


class RiskForm(GovUKForm):
    answers = forms.MultipleChoiceField(
        label="Tick each question the victim answered yes", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, f"{question} ({weight} point{'s' if weight > 1 else ''})")
                 for code, question, weight in risk.QUESTIONS],
        help_text=f"Standard below {risk.MEDIUM_FROM} points, medium from {risk.MEDIUM_FROM}, high from "
                  f"{risk.HIGH_FROM} (of {risk.MAX_SCORE}).")
    judgement_level = forms.ChoiceField(label="Raise the level on professional judgement", required=False,
                                        choices=[("", "No: use the matrix's level")] + [
                                            c for c in RiskLevel.choices if c[0] != RiskLevel.STANDARD])
    judgement = forms.CharField(label="Reason for raising the level", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "judgement_level")


class TaskForm(GovUKForm):
    title = forms.CharField(label="Task", max_length=200, error_messages={"required": "Describe the task"})
    assigned_agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.filter(active=True),
                                             help_text="Another agency takes part through the officer you name",
                                             error_messages={"required": "Choose the agency"})
    assigned_to = forms.ModelChoiceField(label="Person", required=False, queryset=None,
                                         help_text="Needed for another agency; blank means anyone in the lead agency",
                                         empty_label="Anyone")
    due_on = forms.DateField(label="Due by", widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _caseworkers()
        self.fields["assigned_to"].label_from_instance = lambda u: f"{u.display_name} ({u.agency.short_name})"
        _select(self, "assigned_agency", "assigned_to")

    def clean(self):
        data = super().clean()
        person, agency = data.get("assigned_to"), data.get("assigned_agency")
        if person and agency and person.agency_id != agency.pk:
            self.add_error("assigned_to", f"{person.display_name} does not work for {agency.name}")
        return data


def _caseworkers():
    """Users who can work on cases (their role may change personal data)."""
    roles = [role.value for role, permissions in ROLE_PERMISSIONS.items() if "personal.change" in permissions]
    return User.objects.filter(is_active=True, role__in=roles).select_related("agency").order_by(
        "agency__short_name", "last_name", "first_name")


class CaseStatusForm(GovUKForm):
    status = forms.ChoiceField(label="Move the case to", widget=forms.RadioSelect, choices=CaseStatus.choices,
                               error_messages={"required": "Select the new status"})
    outcome = forms.ChoiceField(label="Outcome (when closing)", required=False,
                                choices=[("", "Choose an outcome")] + list(CaseOutcome.choices))
    notes = forms.CharField(label="Outcome notes (when closing)", required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    lead_officer = forms.ModelChoiceField(label="Lead officer", required=False, queryset=None,
                                          empty_label="Keep the current lead officer")

    def __init__(self, *args, lead_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = _caseworkers().filter(agency=lead_agency)
        self.fields["lead_officer"].label_from_instance = lambda u: u.display_name
        _select(self, "outcome", "lead_officer")

    def clean(self):
        data = super().clean()
        if data.get("status") == CaseStatus.CLOSED:
            if not data.get("outcome"):
                self.add_error("outcome", "Choose the outcome")
            if not data.get("notes", "").strip():
                self.add_error("notes", "Describe the outcome")
        return data


class AttachmentForm(GovUKForm):
    file = forms.FileField(label="Evidence file", error_messages={"required": "Choose a file"},
                           help_text=f"A {files.ALLOWED_LABEL}, up to 10 MB. The file is only ever downloaded, never "
                                     "opened in the browser.")
    description = forms.CharField(label="Description", required=False, max_length=300)


class WarningForm(GovUKForm):
    party = forms.ChoiceField(label="Recipient", widget=forms.RadioSelect,
                              error_messages={"required": "Choose who receives the warning"})
    conduct = forms.CharField(label="The conduct", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="What they are doing, where and when, and its detrimental effect on the "
                                        "community",
                              error_messages={"required": "Describe the conduct"})
    conditions = forms.CharField(label="What they must stop doing, or do", max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 error_messages={"required": "Enter what the recipient must do"})
    issued_on = forms.DateField(label="Date of issue", widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, parties=(), **kwargs):
        """``parties``: the case's alleged perpetrators as the viewer may see them (``selectors.PartyShown``)."""
        super().__init__(*args, **kwargs)
        self.parties = {str(p.party.pk): p.party for p in parties}
        self.fields["party"].choices = [(str(p.party.pk), _party_label(p)) for p in parties]


def _party_label(shown) -> str:
    if shown.held_by:
        return f"A person held by {shown.held_by} (you cannot see their record)"
    return shown.name + (" (business)" if shown.party.is_business else "")


class NoticeForm(GovUKForm):
    conduct = forms.CharField(label="The conduct", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Describe the conduct"})
    conditions = forms.CharField(label="Requirements of the notice", max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="What the recipient must stop doing, do, or take steps to achieve, and by "
                                           "when",
                                 error_messages={"required": "Enter the requirements"})
    issued_on = forms.DateField(label="Date of issue", widget=DATE, error_messages=DATE_ERRORS)


class StepForm(GovUKForm):
    kind = forms.ChoiceField(label="What happened", widget=forms.RadioSelect, choices=StepKind.choices,
                             error_messages={"required": "Select what happened"})
    on = forms.DateField(label="Date", widget=DATE, error_messages=DATE_ERRORS)
    details = forms.CharField(label="Details", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Describe what happened"})
    amount = forms.IntegerField(label="Fixed penalty amount in pounds", required=False, min_value=1,
                                help_text="Leave blank for the local amount; at most 100 pounds (section 52)")


class NoticeStatusForm(GovUKForm):
    status = forms.ChoiceField(label="Mark as", widget=forms.RadioSelect,
                               choices=[(s.value, s.label) for s in (NoticeStatus.COMPLIED, NoticeStatus.WITHDRAWN,
                                                                     NoticeStatus.QUASHED)],
                               error_messages={"required": "Select the new status"})


class PortalSearchForm(JustificationForm):
    q = forms.CharField(label="Name, address, postcode or condition", required=False, max_length=100)
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "Warnings and notices")] + list(
        NoticeKind.choices))
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), ("current", "Current")]
                               + list(NoticeStatus.choices))
    field_order = ["q", "kind", "status", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "kind", "status")


class ReviewStartForm(GovUKForm):
    applicant = forms.CharField(label="Who asked for the review", max_length=200,
                                help_text="The victim, or someone on their behalf with their consent",
                                error_messages={"required": "Enter who asked for the review"})
    requested_on = forms.DateField(label="Date of the request", widget=DATE, error_messages=DATE_ERRORS)

    def clean_requested_on(self):
        return _not_future(self.cleaned_data["requested_on"])


class ContributionForm(GovUKForm):
    text = forms.CharField(label="Your agency's information and proposals", max_length=6000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "Enter your agency's contribution"})


class DecisionForm(GovUKForm):
    decision = forms.CharField(label="Decision given to the applicant", max_length=6000,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               error_messages={"required": "Enter the decision"})
    recommendations = forms.CharField(label="Recommendations and action plan", required=False, max_length=6000,
                                      widget=forms.Textarea(attrs={"rows": 5}))


class CaseListForm(JustificationForm):
    """The case list's filters. "My cases" (I lead it, or hold an open task on it) needs no reason:
    the relationship is the reason. Every case the viewer may see is a search across the
    partnership's casework, which asks why, as a search of people does."""

    scope = forms.ChoiceField(label="Cases", required=False, initial="mine", widget=forms.RadioSelect,
                              choices=[("mine", "My cases: I am the lead officer or have an open task"),
                                       ("all", "Every case I may see (give a reason below)")])
    q = forms.CharField(label="Title, location, postcode, party or reference", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Open cases"), ("all", "All cases")] + list(CaseStatus.choices))
    field_order = ["scope", "q", "status", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "status")
        self.fields["reason"].required = False
        self.fields["reason"].label = "Reason (for every case I may see)"

    def clean(self):
        data = super().clean()
        data["scope"] = data.get("scope") or "mine"
        if data["scope"] == "all" and not data.get("reason"):
            self.add_error("reason", "Select why you need to see every case")
        return data


# --- corrections: each asks why, and the reason is kept with the change --------------------------

def _reason_field():
    return forms.CharField(label="Why are you making this change?", max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="This is personal data: the reason is kept with the change in the case's "
                                     "history",
                           error_messages={"required": "Give the reason for the change"})


class ReasonMixin:
    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the change")
        return reason


class CaseEditForm(PointPickerMixin, ReasonMixin, GovUKForm):
    """A correction of the case: its place is moved by a new postcode or a click on the map."""

    title = CaseOpenForm.base_fields["title"]
    location = CaseOpenForm.base_fields["location"]
    postcode = forms.CharField(label="Postcode of the location", required=False, max_length=10)
    summary = CaseOpenForm.base_fields["summary"]
    opened_on = forms.DateField(label="Opened on", widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason_field()

    def clean_opened_on(self):
        return _not_future(self.cleaned_data["opened_on"], "The date the case opened")

    def case_kwargs(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("title", "location", "postcode", "summary", "opened_on", "reason",
                                           "latitude", "longitude")}


class PartyEditForm(ReasonMixin, GovUKForm):
    """A party's correction; a party linked to a person record changes only its part in the case."""

    role = PartyFields.base_fields["role"]
    is_business = PartyFields.base_fields["is_business"]
    name = PartyFields.base_fields["name"]
    date_of_birth = PartyFields.base_fields["date_of_birth"]
    address = PartyFields.base_fields["address"]
    postcode = PartyFields.base_fields["postcode"]

    def __init__(self, *args, linked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.linked = linked
        if linked:
            for name in ("is_business", "name", "date_of_birth", "address", "postcode"):
                del self.fields[name]
        self.fields["reason"] = _reason_field()

    def clean_date_of_birth(self):
        return _not_future(self.cleaned_data["date_of_birth"], "The date of birth")

    def clean(self):
        data = super().clean()
        if not self.linked and "name" in data and not data["name"].strip():
            self.add_error("name", "Enter the name of the person or business")
        return data

    def party_kwargs(self) -> dict:
        data = self.cleaned_data
        if self.linked:
            return {"role": data["role"], "reason": data["reason"]}
        return {"role": data["role"], "name": data["name"], "is_business": data["is_business"] == "business",
                "date_of_birth": data["date_of_birth"], "address": data["address"], "postcode": data["postcode"],
                "reason": data["reason"]}


class IncidentEditForm(ReasonMixin, IncidentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason_field()

    def incident_kwargs(self) -> dict:
        return {**super().incident_kwargs(), "reason": self.cleaned_data["reason"]}


class LetterTemplateForm(GovUKForm):
    kind = forms.ChoiceField(label="Kind of letter", choices=LetterKind.choices,
                             error_messages={"required": "Choose the kind of letter"})
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter a name for the template"})
    body = forms.CharField(label="Wording", widget=forms.Textarea(attrs={"rows": 22}),
                           help_text="Plain text. Leave a blank line between paragraphs; start a line with # and a "
                                     "space for a heading. Put placeholders in square brackets, like "
                                     "[recipient name]: only those listed for the kind of letter.",
                           error_messages={"required": "Enter the wording of the letter"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "kind")

    def clean(self):
        # The check a manager sees on the page is the service's own check (one place says what is allowed).
        data = super().clean()
        if data.get("kind") and data.get("body"):
            try:
                letters.check_body(data["body"], data["kind"])
            except letters.LetterError as error:
                self.add_error("body", str(error))
        return data


class LetterChoiceForm(GovUKForm):
    template = forms.ModelChoiceField(label="Which letter?", queryset=None, widget=forms.RadioSelect, empty_label=None,
                                      error_messages={"required": "Choose a letter",
                                                      "invalid_choice": "Choose one of the letters listed"})

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = LetterTemplate.objects.filter(kind__in=kinds).order_by("kind", "name")
        self.fields["template"].label_from_instance = lambda t: f"{t.name} ({t.get_kind_display()})"


class LetterForm(GovUKForm):
    """The recipient (for a letter from the case page) and the details the kind of letter asks for:
    make one with :func:`letter_form`."""

    recipients: dict = {}

    def party(self):
        return self.recipients.get(self.cleaned_data.get("recipient"))

    def details(self) -> dict:
        return {field.placeholder_name: self.cleaned_data[name] for name, field in self.fields.items()
                if hasattr(field, "placeholder_name")}


def letter_form(kind: str, recipients=None) -> type[LetterForm]:
    """A form class for a letter of ``kind``: its fields depend on the kind, so it is built per request
    (and then styled and checked like every other form)."""
    fields: dict = {}
    if recipients is not None:
        fields["recipients"] = {str(shown.party.pk): shown.party for shown in recipients}
        fields["recipient"] = forms.ChoiceField(
            label="Who is the letter to?", widget=forms.RadioSelect,
            choices=[(str(s.party.pk), f"{s.name} ({s.party.get_role_display().lower()})") for s in recipients],
            error_messages={"required": "Choose who the letter is to",
                            "invalid_choice": "Choose one of the people listed"})
    for number, typed in enumerate(letters.TYPED.get(kind, ())):
        if typed.widget == "date":
            field = forms.DateField(label=typed.label, widget=DATE, error_messages=DATE_ERRORS)
        else:
            field = forms.CharField(label=typed.label, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 4}) if typed.widget == "textarea"
                                    else forms.TextInput,
                                    error_messages={"required": f"Enter {typed.label[0].lower()}{typed.label[1:]}"})
        field.placeholder_name = typed.placeholder
        fields[f"detail_{number}"] = field
    return type("LetterForm", (LetterForm,), fields)
