from django import forms

from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKModelForm
from saferplaces.people.models import Person


class PersonSearchForm(JustificationForm):
    q = forms.CharField(
        label="Name, postcode or reference",
        min_length=2,
        max_length=100,
        error_messages={"required": "Enter a name, postcode or reference", "min_length": "Enter at least 2 characters"},
    )
    field_order = ["q", "reason", "justification"]


class PersonForm(GovUKModelForm):
    class Meta:
        model = Person
        fields = ["forename", "surname", "date_of_birth", "sex", "postcode", "address", "source_reference"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
