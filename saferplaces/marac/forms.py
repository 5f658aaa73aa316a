from django import forms

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKForm
from saferplaces.marac.models import (
    AgeBand,
    AttendanceStatus,
    Ethnicity,
    Gender,
    Orientation,
    YesNoUnknown,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date"}


def _select(form, *names):
    for name in names:
        form.fields[name].widget.attrs["class"] = "govuk-select"


def _agencies():
    return Agency.objects.filter(active=True).order_by("name")


class MeetingListForm(JustificationForm):
    """Opening the list of meetings is logged as a search, with its reason."""


class MeetingForm(GovUKForm):
    held_on = forms.DateField(label="Date of the meeting", widget=DATE, error_messages=DATE_ERRORS)
    chair = forms.CharField(label="Chair", max_length=120, help_text="Name and role",
                            error_messages={"required": "Enter the chair"})
    location = forms.CharField(label="Where", max_length=200, error_messages={"required": "Enter where it is held"})
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies expected", required=False, queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="Each agency on the list sees the meeting's cases, research and actions. Yours is always on it.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies()


class CaseForm(GovUKForm):
    referral = forms.ModelChoiceField(label="MARAC referral", queryset=None,
                                      error_messages={"required": "Choose the referral"})
    victim_name = forms.CharField(label="Victim's name on the case list", required=False, max_length=200,
                                  help_text="Leave blank to use the name on the person record")
    perpetrator_name = forms.CharField(label="Perpetrator's name", required=False, max_length=200)
    age_band = forms.ChoiceField(label="Victim's age", required=False,
                                 choices=[("", "Work it out from the date of birth")] + list(AgeBand.choices))
    gender = forms.ChoiceField(label="Gender", required=False,
                               choices=[("", "As on the person record")] + list(Gender.choices))
    transgender = forms.ChoiceField(label="Trans", choices=YesNoUnknown.choices, initial=YesNoUnknown.UNKNOWN,
                                 error_messages={"required": "Select whether the victim is trans, or Not known"})
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.UNKNOWN)
    disability = forms.ChoiceField(label="Disability", choices=YesNoUnknown.choices, initial=YesNoUnknown.UNKNOWN,
                                 error_messages={"required": "Select whether the victim is disabled, or Not known"},
                                   help_text="As the Equality Act 2010 defines it")
    sexual_orientation = forms.ChoiceField(label="Sexual orientation", choices=Orientation.choices,
                                           initial=Orientation.UNKNOWN)
    pregnant = forms.ChoiceField(label="Pregnant", choices=YesNoUnknown.choices, initial=YesNoUnknown.UNKNOWN,
                                 error_messages={"required": "Select whether the victim is pregnant, or Not known"})
    children_in_household = forms.IntegerField(label="Children in the household", min_value=0, max_value=30,
                                               error_messages={"required": "Enter the number of children, or 0"},
                                               initial=0)

    def __init__(self, *args, referrals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals
        self.fields["referral"].label_from_instance = (
            lambda r: f"{r.person} (referred by {r.owner_agency.short_name} on {r.referred_on:%d %b %Y})")
        _select(self, "referral", "age_band", "gender", "transgender", "ethnicity", "disability",
                "sexual_orientation", "pregnant")


class ResearchForm(GovUKForm):
    text = forms.CharField(label="What your agency found", widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "Enter what your agency found"})


def _caseworkers():
    roles = [role.value for role, permissions in ROLE_PERMISSIONS.items() if "personal.change" in permissions]
    return User.objects.filter(is_active=True, role__in=roles).select_related("agency").order_by(
        "agency__short_name", "last_name", "first_name")


class ActionForm(GovUKForm):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Describe the action"})
    agency = forms.ModelChoiceField(label="Agency that owns it", queryset=None,
                                    error_messages={"required": "Choose the agency"})
    owner_user = forms.ModelChoiceField(label="Named owner", required=False, queryset=None, empty_label="Nobody named")
    due_on = forms.DateField(label="Due by", widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        self.fields["owner_user"].queryset = _caseworkers()
        self.fields["owner_user"].label_from_instance = lambda u: f"{u.display_name} ({u.agency.short_name})"
        _select(self, "agency", "owner_user")


class AttendanceForm(GovUKForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=None, error_messages={"required": "Choose the agency"})
    status = forms.ChoiceField(label="Attendance", choices=AttendanceStatus.choices)
    attendee_role = forms.CharField(label="Role of the person who attended", required=False, max_length=120,
                                    help_text="For example IDVA, Detective Sergeant, Housing officer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        _select(self, "agency", "status")
