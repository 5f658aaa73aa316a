from django import forms

from saferplaces.core.forms import GovUKForm, GovUKModelForm
from saferplaces.people.models import Person
from saferplaces.rights.models import RequestKind

DATE = {"type": "date"}


class SarForm(GovUKForm):
    forename = forms.CharField(label="Forename of the data subject", max_length=100)
    surname = forms.CharField(label="Surname of the data subject", max_length=100)
    date_of_birth = forms.DateField(label="Date of birth", required=False, widget=forms.DateInput(attrs=DATE))
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    received_on = forms.DateField(label="Date the request was received", widget=forms.DateInput(attrs=DATE),
                                  help_text="The statutory month runs from this day")
    identity_checked = forms.BooleanField(label="The requester's identity has been verified", required=False)


class ExtendForm(GovUKForm):
    reason = forms.CharField(label="Why the request needs two more months", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000, help_text="For example, the number or complexity of the requests. "
                                                        "Tell the subject within the first month.")


class RedactionForm(GovUKForm):
    decision = forms.ChoiceField(label="Decision", choices=[("redact", "Redact"), ("keep", "Keep")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RedactionAddForm(GovUKForm):
    text = forms.CharField(label="Words to redact", max_length=200,
                           help_text="Another person's name or details, redacted wherever they appear")
    reason = forms.CharField(label="Reason for the redaction", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PartnerAnswerForm(GovUKForm):
    response = forms.CharField(label="Your answer", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="What your agency will send the subject, and when, or why it will not")


class CorrectionForm(GovUKModelForm):
    reason = forms.CharField(label="Reason for the correction", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example, the subject showed the date of birth was wrong (Article 16)")

    class Meta:
        model = Person
        fields = ["forename", "surname", "date_of_birth", "sex", "postcode", "address", "source_reference"]
        widgets = {"date_of_birth": forms.DateInput(attrs=DATE)}


class RightsRequestForm(GovUKForm):
    kind = forms.ChoiceField(label="What the subject asks for", choices=RequestKind.choices, widget=forms.RadioSelect)
    person_id = forms.IntegerField(label="Person record number", min_value=1, max_value=2**63 - 1,
                                   help_text="The number of your agency's person record (shown on subject "
                                             "access requests)")
    received_on = forms.DateField(label="Date the request was received", widget=forms.DateInput(attrs=DATE))
    grounds = forms.CharField(label="What the subject asks and why", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(GovUKForm):
    decision = forms.ChoiceField(label="Decision", choices=[("granted", "Grant"), ("refused", "Refuse")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason for the decision", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The subject is told it, with their right to complain to the ICO")


class LiftForm(GovUKForm):
    reason = forms.CharField(label="Reason for lifting the restriction", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
