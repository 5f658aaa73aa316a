from django import forms

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.contest.models_prepare import ActionStatus, Duty, ExerciseKind, PlanKind
from saferplaces.core.forms import GovUKForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required,
                           error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"})


def _colleagues(agency):
    """Active staff of ``agency``: a plan's owner, the rota's officers and a swap's cover are the
    holding council's own officers."""
    return User.objects.filter(is_active=True, agency=agency).select_related("agency").order_by(
        "last_name", "first_name", "username")


def _staff():
    return (User.objects.filter(is_active=True, agency__active=True).select_related("agency")
            .order_by("agency__name", "last_name", "first_name", "username"))


def _readers(users):
    """Of ``users``, those whose role reads counter-terrorism records: a plan's or an action's owner
    must be able to open what they own."""
    return users.filter(role__in=[role for role, perms in ROLE_PERMISSIONS.items() if "contest.view" in perms])


def _person_label(user) -> str:
    return f"{user.display_name} ({user.agency.short_name})"


class PlanForm(GovUKForm):
    kind = forms.ChoiceField(label="Kind of plan", choices=PlanKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of plan"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the plan's title"})
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(),
                                   help_text="The officer who keeps the plan up to date",
                                   error_messages={"required": "Select who owns the plan"})
    version = forms.CharField(label="Version", max_length=20, error_messages={"required": "Enter the version"})
    last_reviewed_on = _date("Last reviewed")
    next_review_on = _date("Next review due")

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _readers(_colleagues(agency))
        self.fields["owner"].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        last, following = data.get("last_reviewed_on"), data.get("next_review_on")
        if last and following and following <= last:
            self.add_error("next_review_on", "The next review must be after the last one")
        return data


class ExerciseForm(GovUKForm):
    kind = forms.ChoiceField(label="Kind of exercise", choices=ExerciseKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of exercise"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the exercise's title"})
    held_on = _date("Date of the exercise")
    objectives = forms.CharField(label="Objectives", widget=forms.Textarea(attrs={"rows": 4}),
                                 error_messages={"required": "Enter the exercise's objectives"})
    agencies = forms.ModelMultipleChoiceField(label="Agencies taking part", queryset=Agency.objects.none(),
                                              widget=forms.CheckboxSelectMultiple, required=False)
    plans = forms.ModelMultipleChoiceField(label="Plans it tests", queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(active=True).order_by("name")
        self.fields["plans"].queryset = plans


class LessonForm(GovUKForm):
    text = forms.CharField(label="Lesson identified", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the lesson"})


class LessonActionForm(GovUKForm):
    lesson = forms.ModelChoiceField(label="Lesson", queryset=None, error_messages={"required": "Select the lesson"})
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Describe the action"})
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(),
                                   error_messages={"required": "Select who owns the action"})
    due_on = _date("Due date")

    def __init__(self, *args, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = lessons
        self.fields["owner"].queryset = _readers(_staff())
        self.fields["owner"].label_from_instance = _person_label


class LessonActionUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select the action's status"})


class RotaWeekForm(GovUKForm):
    primary = forms.ModelChoiceField(label="Primary officer", queryset=User.objects.none(), required=False,
                                     help_text="Leave empty while nobody is found: the week shows as a gap")
    reserve = forms.ModelChoiceField(label="Reserve officer", queryset=User.objects.none(), required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("primary", "reserve"):
            self.fields[name].queryset = _colleagues(agency)
            self.fields[name].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        if data.get("primary") is not None and data.get("primary") == data.get("reserve"):
            self.add_error("reserve", "Choose another officer than the primary as the reserve")
        return data


class SwapRequestForm(GovUKForm):
    week = forms.ChoiceField(label="Your duty to swap", widget=forms.RadioSelect,
                             error_messages={"required": "Select the week and duty to swap"})
    cover = forms.ModelChoiceField(label="Colleague who takes it", queryset=User.objects.none(),
                                   error_messages={"required": "Select the colleague who takes the duty"})
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, duties, officer, **kwargs):
        """``duties``: (week, duty) the officer holds and may swap."""
        super().__init__(*args, **kwargs)
        self.weeks = {f"{week.pk}-{duty}": (week, duty) for week, duty in duties}
        self.fields["week"].choices = [(key, f"{Duty(duty).label}, week starting {week.starts_on:%-d %B %Y}")
                                       for key, (week, duty) in self.weeks.items()]
        self.fields["cover"].queryset = _colleagues(officer.agency).exclude(pk=officer.pk)
        self.fields["cover"].label_from_instance = _person_label

    def clean_week(self):
        return self.weeks[self.cleaned_data["week"]]


class SwapDecisionForm(GovUKForm):
    decision = forms.ChoiceField(label="Decision", choices=[("approve", "Approve: the colleague takes the duty"),
                                                            ("refuse", "Refuse")], widget=forms.RadioSelect,
                                 error_messages={"required": "Select whether you approve the swap"})
    note = forms.CharField(label="Note to the officer", required=False, widget=forms.Textarea(attrs={"rows": 2}))
