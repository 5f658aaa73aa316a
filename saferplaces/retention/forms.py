from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.retention.models import RetentionAction, TriggerEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RuleForm(GovUKForm):
    period_months = forms.IntegerField(
        label="Period in months", required=False, min_value=1, max_value=1200,
        help_text="Leave empty for \"not set\": nothing of the category is then due",
        error_messages={"invalid": "Enter the period as a whole number of months",
                        "min_value": "Enter a period of at least 1 month",
                        "max_value": "Enter a period of at most 1,200 months"})
    trigger = forms.ChoiceField(label="The period runs from", choices=TriggerEvent.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the event the period runs from"})
    action = forms.ChoiceField(label="When the period ends", choices=RetentionAction.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select what happens when the period ends"})
    basis = forms.CharField(label="Basis", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="The law, guidance or policy the period follows")


class DecisionForm(GovUKForm):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                 choices=[("keep", "Keep it, with a reason and a new date"),
                                          ("let_go", "Let it go: the nightly run deletes it")],
                                 error_messages={"required": "Select whether to keep the record or let it go"})
    reason = forms.CharField(label="Why it is kept", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed to keep it. Do not name people: say what the record is still needed for")
    keep_until = forms.DateField(label="Keep it until", required=False, widget=DATE,
                                 error_messages={"invalid": "Enter a real date"})

    def clean(self):
        data = super().clean()
        if data.get("decision") == "keep":
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Enter why the record is kept")
            if not data.get("keep_until") and "keep_until" not in self.errors:
                self.add_error("keep_until", "Enter the date to keep it until")
        return data


class HoldForm(GovUKForm):
    record_type = forms.ChoiceField(label="Kind of record", choices=[],
                                    error_messages={"required": "Select the kind of record"})
    record_id = forms.IntegerField(label="Record number", min_value=1, max_value=2**63 - 1,
                                   error_messages={"required": "Enter the record number",
                                                   "invalid": "Enter the record number as a whole number",
                                                   "min_value": "Enter the record number as a whole number",
                                                   "max_value": "Enter the record number as a whole number"})
    reason = forms.CharField(label="Reason for the hold", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example the claim, inquiry or request it is kept for",
                             error_messages={"required": "Enter the reason for the hold"})
    until = forms.DateField(label="Hold until", required=False, widget=DATE,
                            help_text="Leave empty to hold it until the hold is lifted",
                            error_messages={"invalid": "Enter a real date"})

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", "Choose the kind of record"), *kinds]
