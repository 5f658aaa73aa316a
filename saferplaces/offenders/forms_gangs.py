from django import forms
from django.utils import timezone

from saferplaces.audit.justification import JustificationForm
from saferplaces.core import files
from saferplaces.core.forms import GovUKForm
from saferplaces.offenders import gangs
from saferplaces.offenders.models import GangsDocument
from saferplaces.offenders.models_gangs import DocumentKind, Mark, RemovalReason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, what: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, error_messages={"required": f"Enter {what}",
                                                                     "invalid": "Enter a real date"}, **kwargs)


class DocumentForm(GovUKForm):
    kind = forms.ChoiceField(label="Assessment", choices=DocumentKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of assessment"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the title"})
    author = forms.CharField(label="Author", max_length=200, help_text="Name and role of who wrote it",
                             error_messages={"required": "Enter the author"})
    dated = _date("Date of the assessment", "the date of the assessment")
    review_on = _date("Review date", "the review date", help_text="When the assessment is next reviewed")
    file = forms.FileField(label="File", help_text=f"A {files.ALLOWED_LABEL}, up to 10 MB",
                           error_messages={"required": "Choose the file of the assessment"})

    def clean(self):
        data = super().clean()
        if data.get("dated") and data["dated"] > timezone.localdate():
            self.add_error("dated", "The assessment's date cannot be in the future")
        if data.get("dated") and data.get("review_on") and data["review_on"] <= data["dated"]:
            self.add_error("review_on", "The review date must be after the assessment's date")
        return data


class ActivationForm(GovUKForm):
    """Choose the agency's DPIA and equality impact assessment to activate its gangs cohort on."""

    dpia = forms.ModelChoiceField(label="Data protection impact assessment", queryset=GangsDocument.objects.none(),
                                  widget=forms.RadioSelect, empty_label=None,
                                  error_messages={"required": "Select the data protection impact assessment"})
    eia = forms.ModelChoiceField(label="Equality impact assessment", queryset=GangsDocument.objects.none(),
                                 widget=forms.RadioSelect, empty_label=None,
                                 error_messages={"required": "Select the equality impact assessment"})

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        mine = GangsDocument.objects.filter(agency_id=actor.agency_id)
        self.fields["dpia"].queryset = mine.filter(kind=DocumentKind.DPIA)
        self.fields["eia"].queryset = mine.filter(kind=DocumentKind.EIA)


def _criterion_choices():
    return [(c.code, f"{c.code} ({'at risk' if c.mark == gangs.AT_RISK else 'perpetrator'}, weight {c.weight}): "
                     f"{c.text}") for c in gangs.CRITERIA]


class MarkForm(GovUKForm):
    mark = forms.ChoiceField(label="Mark", choices=Mark.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select at risk / victim or perpetrator"})
    criteria = forms.MultipleChoiceField(
        label="Criteria met", choices=_criterion_choices(), widget=forms.CheckboxSelectMultiple,
        help_text="Tick only what the records show. A perpetrator mark needs two perpetrator criteria, one of "
                  "them a charge, conviction or court order; association alone never makes a perpetrator.",
        error_messages={"required": "Tick the criteria the records show"})

    def clean(self):
        data = super().clean()
        if data.get("mark") and data.get("criteria"):
            try:
                gangs.check_mark(data["mark"], data["criteria"])
            except gangs.MarkingError as error:
                self.add_error("criteria", str(error))
        return data


class MemberForm(MarkForm):
    started_on = _date("Start date", "the start date")
    notes = forms.CharField(label="Notes", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["started_on", "mark", "criteria", "notes"]

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The start date cannot be in the future")
        return day


class RemoveForm(GovUKForm):
    reason = forms.ChoiceField(
        label="Why is the person removed?", widget=forms.RadioSelect,
        choices=[(value, label) for value, label in RemovalReason.choices if value != RemovalReason.REVIEW_OVERDUE],
        error_messages={"required": "Select why the person is removed"})


class GangsListForm(JustificationForm):
    mark = forms.ChoiceField(label="Mark", required=False, choices=[("", "Every mark")] + list(Mark.choices))
    overdue = forms.BooleanField(label="Only reviews overdue", required=False)
    field_order = ["mark", "overdue", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mark"].widget.attrs["class"] = "govuk-select"
