from django import forms

from saferplaces.core.forms import GovUKForm, GovUKModelForm
from saferplaces.plans import measures, quarters
from saferplaces.plans.models import KPI, Action, ActionUpdate
from saferplaces.plans.quarters import Quarter


class ActionUpdateForm(GovUKModelForm):
    class Meta:
        model = ActionUpdate
        fields = ["date", "status", "rag", "narrative", "decision_needed"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "narrative": forms.Textarea(attrs={"rows": 4}),
                   "decision_needed": forms.Textarea(attrs={"rows": 2})}
        labels = {"narrative": "Progress since the last update"}
        error_messages = {"narrative": {"required": "Describe the progress"},
                          "status": {"required": "Select a status"}, "rag": {"required": "Select a RAG rating"}}


class KPIReadingForm(GovUKForm):
    quarter = forms.CharField(label="Quarter", error_messages={"required": "Enter the quarter"})
    value = forms.FloatField(error_messages={"required": "Enter the value", "invalid": "Enter a number"})
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].help_text = quarters.example()  # the naming the settings choose

    def clean_quarter(self):
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class KPIForm(GovUKModelForm):
    class Meta:
        model = KPI
        fields = ["name", "unit", "target", "direction", "source", "measure_key"]
        labels = {"measure_key": "Measure"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_key"] = forms.ChoiceField(
            choices=[("", "None")] + measures.choices(), required=False, label="Measure",
            widget=forms.Select(attrs={"class": "govuk-select"}))

    def clean(self):
        data = super().clean()
        if data.get("source") == "measure" and not data.get("measure_key"):
            self.add_error("measure_key", "Choose the measure that computes this KPI")
        return data


class ActionEditForm(GovUKModelForm):
    reason = forms.CharField(label="Why are you making this change? (optional)", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept with the change in the action's history")

    class Meta:
        model = Action
        fields = ["text", "lead", "kpi_text", "deadline_text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "kpi_text": forms.Textarea(attrs={"rows": 2}),
                   "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "The action", "lead": "Lead (as the plan names it)", "kpi_text": "KPI (as the plan words it)",
                  "deadline_text": "Deadline (as the plan words it)", "note": "Note"}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Describe the action")
        return text
