import datetime as dt

from django import forms
from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.core.forms import GovUKForm, GovUKModelForm
from saferplaces.policy.categories import category_choices
from saferplaces.policy.models import InformationSharingAgreement
from saferplaces.policy.services import grant_days


class AgreementForm(GovUKModelForm):
    parties = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that are party to the agreement"},
    )
    data_categories = forms.MultipleChoiceField(
        choices=category_choices,
        widget=forms.CheckboxSelectMultiple,
        label="Data categories covered",
        help_text="Each category says its class in law: for special category and criminal offence data, give the "
                  "UK GDPR Article 9 or 10 condition (DPA 2018 Schedule 1 or 8) in the legal basis detail",
        error_messages={"required": "Select at least one data category"},
    )

    class Meta:
        model = InformationSharingAgreement
        fields = [
            "reference", "title", "purpose", "legal_basis", "legal_basis_detail", "data_categories",
            "parties", "start_date", "review_date", "end_date",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "legal_basis_detail": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if self.instance.pk:
            # The versions of one agreement share its reference.
            self.fields["reference"].disabled = True

    def clean_reference(self):
        reference = self.cleaned_data["reference"]
        if not self.instance.pk and InformationSharingAgreement.objects.filter(reference=reference).exists():
            raise forms.ValidationError("An agreement with this reference exists already: change that one")
        return reference

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if self.actor.agency_id not in {party.pk for party in parties}:
            raise forms.ValidationError("Your agency must be a party to an agreement you propose")
        return parties

    def clean(self):
        data = super().clean()
        start, review, end = data.get("start_date"), data.get("review_date"), data.get("end_date")
        if start and review and review < start:
            self.add_error("review_date", "The review date must be on or after the start date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        parties = data.get("parties")
        if parties is not None and len(parties) < 2:
            self.add_error("parties", "An agreement needs at least two agencies")
        return data


class GrantForm(GovUKForm):
    grantee_user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).select_related("agency"),
        required=False,
        label="A person",
    )
    grantee_agency = forms.ModelChoiceField(queryset=Agency.objects.filter(active=True), required=False,
                                            label="Or a whole agency")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why they need access",
                             error_messages={"required": "Explain why they need access"})
    expires_on = forms.DateField(required=False, label="Access ends on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest = timezone.localdate() + dt.timedelta(days=grant_days())
        self.fields["expires_on"].help_text = (
            f"Every grant ends. Leave blank for the longest allowed: {grant_days()} days, until "
            f"{self.latest:%-d %B %Y}.")

    def clean_expires_on(self):
        ends = self.cleaned_data["expires_on"]
        if ends is not None and ends < timezone.localdate():
            raise forms.ValidationError("The date access ends must be today or later")
        if ends is not None and ends > self.latest:
            raise forms.ValidationError(f"Access can be granted for at most {grant_days()} days, until "
                                        f"{self.latest:%-d %B %Y}")
        return ends

    def clean(self):
        data = super().clean()
        if bool(data.get("grantee_user")) == bool(data.get("grantee_agency")):
            self.add_error("grantee_user", "Choose either one person or one agency")
        return data
