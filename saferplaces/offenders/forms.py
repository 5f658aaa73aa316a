from django import forms

from saferplaces.accounts.models import Agency
from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKForm
from saferplaces.meetings.models import AttendanceStatus
from saferplaces.offenders.models import (
    PATHWAYS,
    SHORT,
    STRANDS,
    Cohort,
    CohortMembership,
    EteStatus,
    ExitReason,
    InterventionOutcome,
    IOMLead,
    NeedScore,
    PanelKind,
    Programme,
    RiskLevel,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: every cohort's strands, grouped by cohort (the form checks the one chosen fits the cohort)
STRAND_CHOICES = [("", "No strand")] + [(SHORT[cohort], strands) for cohort, strands in STRANDS.items()]


class CaseManagementFields(GovUKForm):
    """Strand, risk level and the decided lead of a membership (the suggested lead is shown beside them)."""

    strand = forms.ChoiceField(label="Strand", required=False, choices=STRAND_CHOICES,
                               help_text="For IOM: fixed, flex or free. For MAPPA: the level")
    risk_level = forms.ChoiceField(label="Risk of serious harm", required=False,
                                   choices=[("", "Not assessed")] + list(RiskLevel.choices))
    lead_agency = forms.ModelChoiceField(label="Lead agency (decided)", required=False,
                                         queryset=Agency.objects.filter(active=True), empty_label="Not decided yet")
    lead_officer = forms.CharField(label="Lead officer", required=False, max_length=200,
                                   help_text="Name and role")
    lead_reason = forms.CharField(label="Why this agency leads", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Needed with a lead agency, above all where it differs from the "
                                            "suggested one")

    def check_case_management(self, cohort: str, data: dict) -> None:
        if data.get("strand") and data["strand"] not in dict(STRANDS.get(cohort, [])):
            self.add_error("strand", "Select a strand of the cohort chosen, or no strand")
        if data.get("lead_agency") and not data.get("lead_reason", "").strip():
            self.add_error("lead_reason", "Enter why this agency leads")
        if not data.get("lead_agency") and (data.get("lead_officer") or data.get("lead_reason")):
            self.add_error("lead_agency", "Select the lead agency")


class MembershipForm(CaseManagementFields):
    cohort = forms.ChoiceField(label="Cohort", choices=Cohort.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select the cohort"})
    started_on = forms.DateField(label="Start date", widget=DATE,
                                 error_messages={"required": "Enter the start date", "invalid": "Enter a real date"})
    ended_on = forms.DateField(label="End date", required=False, widget=DATE,
                               help_text="Leave blank while the person is in the cohort",
                               error_messages={"invalid": "Enter a real date"})
    exit_reason = forms.ChoiceField(label="Why it ended", required=False,
                                    choices=[("", "Not ended")] + list(ExitReason.choices))
    iom_lead = forms.ChoiceField(label="IOM lead agency", required=False, widget=forms.RadioSelect,
                                 choices=IOMLead.choices, help_text="For IOM: the agency the IOM panel made lead")
    notes = forms.CharField(label="Notes", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["cohort", "started_on", "ended_on", "exit_reason", "iom_lead", "strand", "risk_level",
                   "lead_agency", "lead_officer", "lead_reason", "notes"]

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "The end date must be on or after the start date")
        if data.get("ended_on") and not data.get("exit_reason"):
            self.add_error("exit_reason", "Select why the membership ended")
        if data.get("exit_reason") and not data.get("ended_on"):
            self.add_error("exit_reason", "Leave this blank, or enter the end date")
        if data.get("cohort") != Cohort.IOM:
            data["iom_lead"] = ""
        self.check_case_management(data.get("cohort", ""), data)
        return data


class CaseManagementForm(CaseManagementFields):
    """Change the strand, risk level and decided lead of a membership of ``cohort``."""

    iom_lead = forms.ChoiceField(label="IOM lead agency", required=False, widget=forms.RadioSelect,
                                 choices=IOMLead.choices, help_text="For IOM: the agency the IOM panel made lead")
    field_order = ["strand", "iom_lead", "risk_level", "lead_agency", "lead_officer", "lead_reason"]

    def __init__(self, *args, cohort: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        strands = STRANDS.get(cohort)
        if strands:
            self.fields["strand"].choices = [("", "No strand")] + strands
        else:
            del self.fields["strand"]
        if cohort != Cohort.IOM:
            del self.fields["iom_lead"]

    def clean(self):
        data = super().clean()
        data.setdefault("strand", "")
        self.check_case_management(self.cohort, data)
        return data


class EndForm(GovUKForm):
    ended_on = forms.DateField(label="End date", widget=DATE,
                               error_messages={"required": "Enter the end date", "invalid": "Enter a real date"})
    exit_reason = forms.ChoiceField(label="Why it ended", choices=ExitReason.choices, widget=forms.RadioSelect,
                                    error_messages={"required": "Select why the membership ended"})


class PlaceForm(GovUKForm):
    """Give a cohort member a place on a programme."""

    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.filter(active=True),
                                       empty_label=None, widget=forms.RadioSelect,
                                       error_messages={"required": "Select the programme"})
    started_on = forms.DateField(label="Start date", widget=DATE,
                                 error_messages={"required": "Enter the start date", "invalid": "Enter a real date"})


def _select(field):
    field.widget.attrs["class"] = "govuk-select"
    return field


class CaseloadForm(JustificationForm):
    """The caseload's filters, and why the list is needed (it is logged)."""

    cohort = forms.ChoiceField(label="Cohort", required=False, choices=[("", "Every cohort")] + list(Cohort.choices))
    strand = forms.ChoiceField(label="Strand", required=False, choices=[("", "Every strand")] + STRAND_CHOICES[1:])
    risk_level = forms.ChoiceField(label="Risk of serious harm", required=False,
                                   choices=[("", "Any risk")] + list(RiskLevel.choices))
    lead_agency = forms.ModelChoiceField(label="Lead agency", required=False, queryset=Agency.objects.all(),
                                         empty_label="Any lead agency")
    field_order = ["cohort", "strand", "risk_level", "lead_agency", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("cohort", "strand", "risk_level", "lead_agency"):
            _select(self.fields[name])


class NeedsForm(GovUKForm):
    """A score (0–3) for each reducing-reoffending pathway; a pathway not assessed this time is left blank."""

    assessed_on = forms.DateField(label="Date of the assessment", widget=DATE,
                                  error_messages={"required": "Enter the date of the assessment",
                                                  "invalid": "Enter a real date"})
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not assessed")] + [(str(v), label) for v, label in NeedScore.choices]
        for code, label in PATHWAYS:
            self.fields[code] = _select(forms.TypedChoiceField(label=label, required=False, choices=choices,
                                                               coerce=int, empty_value=None))
        self.order_fields(["assessed_on", *(code for code, _ in PATHWAYS), "notes"])

    def clean(self):
        data = super().clean()
        if all(data.get(code) is None for code, _ in PATHWAYS):
            self.add_error(PATHWAYS[0][0], "Score at least one pathway")
        return data

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(code) for code, _ in PATHWAYS}


class InterventionForm(GovUKForm):
    service_name = forms.CharField(label="Service", max_length=200, help_text="The service referred to, by name")
    provider = forms.CharField(label="Provider", required=False, max_length=200,
                               help_text="The organisation that runs it")
    pathway = forms.ChoiceField(label="Need it addresses", required=False, choices=[("", "Not one pathway")] + PATHWAYS)
    referred_on = forms.DateField(label="Date of the referral", widget=DATE,
                                  error_messages={"required": "Enter the date of the referral",
                                                  "invalid": "Enter a real date"})
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self.fields["pathway"])


class OutcomeForm(GovUKForm):
    outcome = forms.ChoiceField(label="Outcome", choices=InterventionOutcome.choices, widget=forms.RadioSelect)
    outcome_on = forms.DateField(label="Date of the outcome", widget=DATE,
                                 error_messages={"required": "Enter the date of the outcome",
                                                 "invalid": "Enter a real date"})


class EteForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=EteStatus.choices, widget=forms.RadioSelect)
    since = forms.DateField(label="From", widget=DATE,
                            error_messages={"required": "Enter the date the status began",
                                            "invalid": "Enter a real date"})
    detail = forms.CharField(label="Detail", required=False, max_length=200,
                             help_text="For example the course or employer")


class PanelForm(GovUKForm):
    kind = forms.ChoiceField(label="Panel", choices=PanelKind.choices, widget=forms.RadioSelect)
    held_on = forms.DateField(label="Date", widget=DATE,
                              error_messages={"required": "Enter the date", "invalid": "Enter a real date"})
    place = forms.CharField(label="Place", required=False, max_length=200)
    agencies = forms.ModelMultipleChoiceField(label="Agencies expected", required=False,
                                              queryset=Agency.objects.filter(active=True),
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text="Your agency chairs and is expected too")


class PanelAttendanceForm(GovUKForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.filter(active=True))
    status = forms.ChoiceField(label="Attendance", choices=AttendanceStatus.choices, widget=forms.RadioSelect)
    attendee = forms.CharField(label="Who attended", required=False, max_length=200, help_text="Name and role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self.fields["agency"])


class PanelCaseForm(GovUKForm):
    """Add a member to a panel's list: the members the viewer's agency holds in the panel's cohort."""

    membership = forms.ModelChoiceField(label="Member", queryset=CohortMembership.objects.none(),
                                        error_messages={"required": "Select the member discussed"})
    discussion = forms.CharField(label="Discussion", required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, memberships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if memberships is not None:
            self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: f"{m.person} ({m.get_cohort_display()})"
        _select(self.fields["membership"])


class PanelActionForm(GovUKForm):
    text = forms.CharField(label="Action", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    action_agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.filter(active=True))
    action_owner = forms.CharField(label="Owner", max_length=200, help_text="Name and role of who does it")
    due_on = forms.DateField(label="Due date", widget=DATE,
                             error_messages={"required": "Enter the due date", "invalid": "Enter a real date"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self.fields["action_agency"])
