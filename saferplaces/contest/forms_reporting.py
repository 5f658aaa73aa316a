"""Forms of the Contest reporting pages: threat assessments and their readers, deployment returns,
Prevent activity and Channel figures."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.contest.models_deploy import FIGURES
from saferplaces.contest.models_prevent import ActivityKind, Sector
from saferplaces.contest.models_threat import ThreatLevel
from saferplaces.contest.months import recent_months
from saferplaces.core.dates import add_months, quarter_of
from saferplaces.core.forms import GovUKForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = "Kept in the change history beside the figures it replaces"


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE, required=required,
                           error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"})


def _month(label, *, include_current):
    return forms.TypedChoiceField(label=label, coerce=dt.date.fromisoformat, error_messages={
        "required": "Choose the month", "invalid_choice": "Choose a month from the list"},
        choices=recent_months(timezone.localdate(), include_current=include_current))


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, widget=forms.NumberInput(
        attrs={"class": "govuk-input--width-5"}), error_messages={
        "required": f"Enter the number for {label.lower()}, 0 if none",
        "invalid": "Enter a whole number", "min_value": "Enter 0 or more", "max_value": "Enter at most 100000"})


def _reason():
    return forms.CharField(label="Reason for the correction", max_length=500, help_text=REASON_HELP,
                           error_messages={"required": "Enter why the figures are corrected"})


class ThreatAssessmentForm(GovUKForm):
    month = _month("Month it covers", include_current=True)
    national_level = forms.ChoiceField(label="National threat level", choices=ThreatLevel.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Choose the national threat level"})
    national_level_set_on = _date("Date the national level was set")
    local_assessment = forms.CharField(label="Local assessment", widget=forms.Textarea(attrs={"rows": 10}),
                                       error_messages={"required": "Enter the local assessment"})
    produced_on = _date("Date produced")
    upload = forms.FileField(label="The assessment document (optional)", required=False,
                             help_text="PDF, Word or plain text; held with the same restrictions as the assessment")

    def __init__(self, *args, correcting: dt.date | None = None, **kwargs):
        """``correcting``: the month of the assessment being corrected, kept among the choices however old."""
        super().__init__(*args, **kwargs)
        if correcting:
            month = self.fields["month"]
            if correcting.isoformat() not in dict(month.choices):
                month.choices = [*month.choices, (correcting.isoformat(), f"{correcting:%B %Y}")]
            self.fields["reason"] = _reason()


class NamedReaderForm(GovUKForm):
    user = forms.ModelChoiceField(label="Person to name", queryset=User.objects.none(),
                                  error_messages={"required": "Choose the person to name"})
    reason = forms.CharField(label="Why they need to read it", max_length=500,
                             error_messages={"required": "Enter why they need to read it"})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(pk__in=[user.pk for user in candidates])
        self.fields["user"].label_from_instance = lambda user: f"{user.display_name} ({user.agency.short_name})"


class DeploymentForm(GovUKForm):
    month = _month("Month", include_current=False)

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FIGURES.items():
            self.fields[name] = _count(label)
        self.fields["notes"] = forms.CharField(label="Notes", required=False, max_length=2000,
                                               widget=forms.Textarea(attrs={"rows": 3}))
        if correcting:
            del self.fields["month"]
            self.fields["reason"] = _reason()


class ActivityForm(GovUKForm):
    kind = forms.ChoiceField(label="What it is", choices=ActivityKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose what it is"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the title"})
    organisation = forms.CharField(label="Organisation", max_length=200,
                                   help_text="The provider, community organisation or institution",
                                   error_messages={"required": "Enter the organisation"})
    sector = forms.ChoiceField(label="Sector (optional)", choices=[("", "Not given"), *Sector.choices],
                               required=False)
    held_on = _date("Date")
    ended_on = _date("End date (a project that has ended)", required=False)
    people = forms.IntegerField(label="People reached", min_value=0, max_value=100_000, initial=0,
                                help_text="Attendees, people trained or taking part",
                                error_messages={"required": "Enter the number of people reached, 0 if none",
                                                "invalid": "Enter a whole number", "min_value": "Enter 0 or more",
                                                "max_value": "Enter at most 100000"})
    outputs = forms.CharField(label="Outputs", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="What it delivered")


def _last_quarters(today: dt.date, count: int = 8) -> list[tuple[str, str]]:
    start = add_months(quarter_of(today)[0], -3)
    choices = []
    for _ in range(count):
        end = quarter_of(start)[1]
        choices.append((start.isoformat(), f"{start:%B} to {end:%B %Y}"))
        start = add_months(start, -3)
    return choices


class ChannelForm(GovUKForm):
    quarter_start = forms.TypedChoiceField(label="Quarter", coerce=dt.date.fromisoformat, error_messages={
        "required": "Choose the quarter", "invalid_choice": "Choose a quarter from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter_start"].choices = _last_quarters(timezone.localdate())
        for sector, label in Sector.choices:
            self.fields[f"referrals_{sector}"] = _count(f"{label}: referrals")
            self.fields[f"adoptions_{sector}"] = _count(f"{label}: adopted as Channel cases")

    def figures(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {sector: (data[f"referrals_{sector}"], data[f"adoptions_{sector}"]) for sector in Sector.values}
