from django import forms

from saferplaces.accounts.models import Agency
from saferplaces.core.forms import GovUKForm
from saferplaces.offenders.models import SHORT, STRANDS, Cohort, ExitReason, IOMLead, Programme, RiskLevel

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
