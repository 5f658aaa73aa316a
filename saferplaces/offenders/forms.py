from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.offenders.models import Cohort, IOMLead

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembershipForm(GovUKForm):
    # Not the gangs cohort: its members join marked, from its own page (offenders.views_gangs.member_add).
    cohort = forms.ChoiceField(label="Cohort", choices=[c for c in Cohort.choices if c[0] != Cohort.GANGS],
                               widget=forms.RadioSelect, error_messages={"required": "Select the cohort"})
    started_on = forms.DateField(label="Start date", widget=DATE,
                                 error_messages={"required": "Enter the start date", "invalid": "Enter a real date"})
    ended_on = forms.DateField(label="End date", required=False, widget=DATE,
                               help_text="Leave blank while the person is in the cohort",
                               error_messages={"invalid": "Enter a real date"})
    iom_lead = forms.ChoiceField(label="IOM lead agency", required=False, widget=forms.RadioSelect,
                                 choices=IOMLead.choices, help_text="For IOM: the agency the IOM panel made lead")
    notes = forms.CharField(label="Notes", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "The end date must be on or after the start date")
        if data.get("cohort") != Cohort.IOM:
            data["iom_lead"] = ""
        return data


class EndForm(GovUKForm):
    ended_on = forms.DateField(label="End date", widget=DATE,
                               error_messages={"required": "Enter the end date", "invalid": "Enter a real date"})
