"""The form of the Victims' Code complaints log."""

from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.victims.forms import DATE
from saferplaces.victims.models import ComplaintOutcome, ComplaintStage, VictimsCodeRight


class ComplaintForm(GovUKForm):
    received_on = forms.DateField(label="Date received", widget=DATE,
                                  error_messages={"required": "Enter the date the complaint was received",
                                                  "invalid": "Enter a real date"})
    right = forms.ChoiceField(label="Which right of the Victims' Code was not met?",
                              choices=[("", "Choose a right")] + list(VictimsCodeRight.choices),
                              error_messages={"required": "Choose the right the complaint is about"})
    stage = forms.ChoiceField(label="Where is the complaint?", choices=ComplaintStage.choices,
                              widget=forms.RadioSelect, initial=ComplaintStage.PROVIDER,
                              error_messages={"required": "Select where the complaint is"})
    outcome = forms.ChoiceField(label="Outcome", choices=ComplaintOutcome.choices, widget=forms.RadioSelect,
                                initial=ComplaintOutcome.OPEN,
                                error_messages={"required": "Select the outcome, or that it is not yet answered"})
    answered_on = forms.DateField(label="Date answered", required=False, widget=DATE,
                                  help_text="Leave empty while the complaint is not yet answered",
                                  error_messages={"invalid": "Enter a real date"})
    reference = forms.CharField(label="Your complaint reference", required=False, max_length=60,
                                help_text="Where the complaint is held: no names or personal details here")

    def clean(self):
        data = super().clean()
        outcome, answered = data.get("outcome"), data.get("answered_on")
        if outcome and outcome != ComplaintOutcome.OPEN and answered is None and "answered_on" not in self.errors:
            self.add_error("answered_on", "Enter the date the complaint was answered")
        if outcome == ComplaintOutcome.OPEN and answered is not None:
            self.add_error("outcome", "Select the outcome of the answered complaint")
        return data
