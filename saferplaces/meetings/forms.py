from django import forms

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.core.forms import GovUKForm
from saferplaces.meetings.models import ActionStatus, AttendanceStatus, Kind, RiskKind, RiskStatus
from saferplaces.plans.models import KPI, Action, DeliveryGroup
from saferplaces.plans.selectors import current_strategy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required,
                           error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"})


def _staff():
    """Active staff who can read meetings (an owner must be able to open what they own)."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if "meetings.view" in perms]
    return (User.objects.filter(is_active=True, agency__active=True, role__in=roles).select_related("agency")
            .order_by("agency__name", "last_name", "first_name", "username"))


def _groups():
    strategy = current_strategy()
    return DeliveryGroup.objects.filter(strategy=strategy) if strategy else DeliveryGroup.objects.none()


def _person_label(user) -> str:
    return f"{user.display_name} ({user.agency.short_name})"


class MeetingForm(GovUKForm):
    kind = forms.ChoiceField(label="Which meeting", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose which meeting it is"})
    group = forms.ModelChoiceField(label="Group", queryset=DeliveryGroup.objects.none(), required=False,
                                   help_text="The Executive Group or the delivery group meeting (for Business "
                                             "Continuity Champions, the group they report to); none for the Board")
    held_on = _date("Date of the meeting")
    place = forms.CharField(label="Place", max_length=200, error_messages={"required": "Enter where it meets"})
    agencies = forms.ModelMultipleChoiceField(
        label="Member agencies", queryset=Agency.objects.filter(active=True), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agencies that sit on it"},
        help_text="Their staff may read the meeting; their attendance is counted")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups()

    def clean(self):
        data = super().clean()
        kind, group = data.get("kind"), data.get("group")
        if kind in (Kind.EXECUTIVE, Kind.DELIVERY, Kind.BC_CHAMPIONS):
            if group is None:
                self.add_error("group", "Choose the group that is meeting")
            elif group.is_executive != (kind == Kind.EXECUTIVE):
                self.add_error("group", "Choose the Executive Group for its meetings, and a delivery group for theirs")
        return data


class AttendanceForm(GovUKForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.filter(active=True),
                                    error_messages={"required": "Choose the agency"})
    status = forms.ChoiceField(label="Attendance", choices=AttendanceStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose whether the agency attended"})
    attendee = forms.CharField(label="Who attended (name and role)", max_length=200, required=False)


class AgendaItemForm(GovUKForm):
    title = forms.CharField(label="Item", max_length=200, error_messages={"required": "Enter the agenda item"})
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plan_actions = forms.ModelMultipleChoiceField(label="Plan actions it reviews", queryset=Action.objects.none(),
                                                  required=False)
    kpis = forms.ModelMultipleChoiceField(label="KPIs it reviews", queryset=KPI.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        actions = Action.objects.filter(objective__group__strategy=current_strategy())
        if meeting.group is not None and not meeting.group.is_executive:
            actions = actions.filter(objective__group=meeting.group)
        self.fields["plan_actions"].queryset = actions
        self.fields["kpis"].queryset = KPI.objects.filter(action__in=actions)


class DecisionForm(GovUKForm):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the decision"})
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=None, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()


class MinutesForm(GovUKForm):
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 15}))


class MeetingActionForm(GovUKForm):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Describe the action"})
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(),
                                   error_messages={"required": "Choose who owns the action"})
    due_on = _date("Due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()
        self.fields["owner"].label_from_instance = _person_label


class MeetingActionUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the action's status"})
    due_on = _date("Due date")


class RiskForm(GovUKForm):
    kind = forms.ChoiceField(label="Risk or issue", choices=RiskKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose whether it is a risk or an issue"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the risk or issue"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    group = forms.ModelChoiceField(label="Group", queryset=DeliveryGroup.objects.none(),
                                   error_messages={"required": "Choose the group it belongs to"})
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(),
                                   error_messages={"required": "Choose who owns it"})
    likelihood = forms.IntegerField(label="Likelihood (1 rare to 5 almost certain)", min_value=1, max_value=5,
                                    error_messages={"required": "Enter the likelihood, from 1 to 5",
                                                    "invalid": "Enter the likelihood as a number from 1 to 5",
                                                    "min_value": "Enter a likelihood from 1 to 5",
                                                    "max_value": "Enter a likelihood from 1 to 5"})
    impact = forms.IntegerField(label="Impact (1 minimal to 5 severe)", min_value=1, max_value=5,
                                error_messages={"required": "Enter the impact, from 1 to 5",
                                                "invalid": "Enter the impact as a number from 1 to 5",
                                                "min_value": "Enter an impact from 1 to 5",
                                                "max_value": "Enter an impact from 1 to 5"})
    mitigation = forms.CharField(label="Mitigation", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status", choices=RiskStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the status"})
    review_on = _date("Review date")
    plan_actions = forms.ModelMultipleChoiceField(label="Plan actions it concerns", queryset=Action.objects.none(),
                                                  required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups()
        self.fields["owner"].queryset = _staff()
        self.fields["owner"].label_from_instance = _person_label
        self.fields["plan_actions"].queryset = Action.objects.filter(objective__group__strategy=current_strategy())
