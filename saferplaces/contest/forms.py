from django import forms

from saferplaces.contest.models import Rating, RecommendationStatus, SchemeStatus, SessionKind, Site, WorkStatus
from saferplaces.contest.rules import Heading, Tier, Use
from saferplaces.core.forms import GovUKForm
from saferplaces.geo.forms import PointPickerMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, widget=DATE, required=required, help_text=help_text,
                           error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"})


def _text(label, required=True, max_length=200, **kwargs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           error_messages={"required": f"Enter the {label.lower()}"}, **kwargs)


class SiteFilterForm(GovUKForm):
    use = forms.ChoiceField(label="Use", required=False, choices=[("", "Any use"), *Use.choices])
    tier = forms.ChoiceField(label="Tier", required=False, choices=[("", "Any tier"), *Tier.choices])
    due = forms.ChoiceField(label="Assessment", required=False, choices=[
        ("", "Any"), ("overdue", "Never assessed or re-assessment overdue")])
    hotspot = forms.BooleanField(label="Only sites in persistent crime hot spots", required=False)


class SiteForm(PointPickerMixin, GovUKForm):
    name = _text("Name")
    use = forms.ChoiceField(label="Use", choices=Use.choices, error_messages={"required": "Choose the site's use"},
                            help_text="Its use under Schedule 1 to the Terrorism (Protection of Premises) Act 2025")
    is_event = forms.BooleanField(label="This is an event, not premises", required=False)
    address = _text("Address", max_length=300)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    capacity = forms.IntegerField(label="Expected capacity", min_value=0,
                                  help_text="The most people it is reasonable to expect present at the same time",
                                  error_messages={"required": "Enter the expected capacity",
                                                  "invalid": "Enter the capacity as a whole number"})
    tier_override = forms.ChoiceField(label="Tier set by hand", required=False,
                                      choices=[("", "No: the tier follows the use and capacity"), *Tier.choices])
    tier_override_reason = forms.CharField(label="Why the tier is set by hand", required=False, widget=TEXT)
    responsible_person = _text("Responsible person", required=False,
                               help_text="The person with control of the premises or event")
    senior_individual = _text("Designated senior individual", required=False,
                              help_text="For enhanced duty premises and qualifying events")
    regulator_notified = forms.BooleanField(label="The Security Industry Authority has been notified", required=False)
    regulator_notified_on = _date("Date the Security Industry Authority was notified", required=False)
    identified_on = _date("Date identified as vulnerable")
    notes = forms.CharField(label="Notes", required=False, widget=TEXT)

    def clean(self):
        data = super().clean()
        if data.get("tier_override") and not (data.get("tier_override_reason") or "").strip():
            self.add_error("tier_override_reason", "Give the reason the tier is set by hand")
        if data.get("regulator_notified_on") and not data.get("regulator_notified"):
            self.add_error("regulator_notified", "Tick this when you give the date it was notified")
        return data

    def site_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("point_from", None)
        return data


SITE_FIELDS = [name for name in SiteForm.base_fields if name not in ("latitude", "longitude")]


class AssessmentForm(GovUKForm):
    """The date, a rating and finding for each heading the site's tier asks, and the next due date."""

    assessed_on = _date("Date of the assessment")
    summary = forms.CharField(label="Summary", required=False, widget=TEXT)
    next_due_on = _date("Next assessment due", required=False,
                        help_text="Leave empty for the group's cycle: twelve months after this assessment")

    def __init__(self, *args, headings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = list(headings or Heading.values)
        for heading in self.headings:
            label = Heading(heading).label
            self.fields[f"rating_{heading}"] = forms.ChoiceField(
                label=f"{label}: rating", choices=[("", "Choose"), *Rating.choices],
                error_messages={"required": f"Rate {label.lower()}"})
            self.fields[f"finding_{heading}"] = forms.CharField(label=f"{label}: finding", required=False,
                                                                widget=TEXT)

    def clean(self):
        data = super().clean()
        due, on = data.get("next_due_on"), data.get("assessed_on")
        if due and on and due <= on:
            self.add_error("next_due_on", "The next assessment is due after this one")
        return data

    def findings(self) -> dict[str, tuple[str, str]]:
        return {h: (self.cleaned_data[f"rating_{h}"], self.cleaned_data[f"finding_{h}"]) for h in self.headings}


class RecommendationForm(GovUKForm):
    text = forms.CharField(label="Recommendation", widget=TEXT, error_messages={"required": "Enter the recommendation"})
    heading = forms.ChoiceField(label="Heading", required=False, choices=[("", "None"), *Heading.choices])
    owner = _text("Owner", help_text="Who at the site, or in the partnership, carries it out")
    due_on = _date("Due date")


class RecommendationUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=RecommendationStatus.choices,
                               error_messages={"required": "Choose the status"})
    due_on = _date("Due date")


class ServiceRequestForm(GovUKForm):
    title = _text("What is asked", help_text="For example: vehicle mitigation for the New Year's Eve event")
    site = forms.ModelChoiceField(label="Site", queryset=Site.objects.none(), required=False)
    requested_on = _date("Date requested")
    requested_by = _text("Requested by")
    status = forms.ChoiceField(label="Status", choices=WorkStatus.choices,
                               error_messages={"required": "Choose the status"})
    notes = forms.CharField(label="Notes", required=False, widget=TEXT)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.none()


class SchemeForm(GovUKForm):
    name = _text("Name of the scheme")
    site = forms.ModelChoiceField(label="Site", queryset=Site.objects.none(), required=False)
    lead = _text("Lead organisation")
    status = forms.ChoiceField(label="Status", choices=SchemeStatus.choices,
                               error_messages={"required": "Choose the status"})
    notes = forms.CharField(label="Notes", required=False, widget=TEXT)

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.none()


class TrainingForm(GovUKForm):
    kind = forms.ChoiceField(label="Type of session", choices=SessionKind.choices,
                             error_messages={"required": "Choose the type of session"})
    held_on = _date("Date of the session")
    venue = _text("Venue")
    organisations = forms.CharField(label="Organisations trained", widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text="One a line",
                                    error_messages={"required": "Name the organisations trained"})
    people_trained = forms.IntegerField(label="Number of people trained", min_value=0,
                                        error_messages={"required": "Enter the number of people trained",
                                                        "invalid": "Enter the number as a whole number"})
    plan_item = _text("Business awareness plan item", required=False,
                      help_text="The line of the business awareness plan the session delivers")
