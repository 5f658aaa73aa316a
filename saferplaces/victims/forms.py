from django import forms
from django.utils import timezone

from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKForm
from saferplaces.policy.models import LegalBasis
from saferplaces.victims import dash, rules
from saferplaces.victims.models import ReferralStatus, Service, VictimisationKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(GovUKForm):
    service = forms.ChoiceField(label="Service", choices=Service.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the service"})
    service_name = forms.CharField(label="Name of the commissioned service", required=False, max_length=120)
    victimisation = forms.ChoiceField(label="Victimisation this referral is about", required=False)
    referred_on = forms.DateField(label="Date of referral", widget=DATE,
                                  error_messages={"required": "Enter the date of the referral",
                                                  "invalid": "Enter a real date"})
    consent_given = forms.ChoiceField(
        label="Has the victim consented to the referral and to sharing their details?",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        error_messages={"required": "Select whether the victim consented"})
    lawful_basis = forms.ChoiceField(label="Lawful basis for sharing without consent", required=False,
                                     choices=[("", "Choose a lawful basis")] + list(LegalBasis.choices))
    basis_detail = forms.CharField(label="Why sharing without consent is necessary", required=False,
                                   max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="For example: risk of serious harm to the victim or children")
    dash_answers = forms.MultipleChoiceField(
        label="DASH risk checklist (MARAC referrals): tick each question the victim answered yes",
        choices=dash.QUESTIONS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="14 or more yes answers means high risk. Leave a question unticked for no or not known.")
    professional_judgement = forms.BooleanField(label="Refer on professional judgement", required=False)
    judgement_reason = forms.CharField(label="Reason for professional judgement", required=False, max_length=1000,
                                       widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, victimisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.victimisations = {str(v.pk): v for v in victimisations}
        self.fields["victimisation"].choices = [("", "Not about one victimisation")] + [
            (str(v.pk), f"{v} ({v.owner_agency.short_name})") for v in victimisations]
        self.fields["victimisation"].widget.attrs["class"] = "govuk-select"
        self.fields["lawful_basis"].widget.attrs["class"] = "govuk-select"

    def clean_referred_on(self):
        day = self.cleaned_data["referred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of referral cannot be in the future")
        return day

    def clean(self):
        data = super().clean()
        if data.get("consent_given") == "no":
            if not data.get("lawful_basis"):
                self.add_error("lawful_basis", "Choose the lawful basis for sharing without consent")
            if not data.get("basis_detail", "").strip():
                self.add_error("basis_detail", "Explain why sharing without consent is necessary")
        if data.get("service") == Service.COMMISSIONED and not data.get("service_name", "").strip():
            self.add_error("service_name", "Enter the name of the commissioned service")
        if data.get("service") == Service.MARAC:
            if data.get("professional_judgement") and not data.get("judgement_reason", "").strip():
                self.add_error("judgement_reason", "Give the reason for your professional judgement")
            yes = len(data.get("dash_answers") or [])
            if yes < dash.HIGH_RISK_THRESHOLD and not data.get("professional_judgement"):
                self.add_error("dash_answers", f"{yes} yes answers: MARAC takes 14 or more, or refer on "
                                               "professional judgement with a reason")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        marac = data["service"] == Service.MARAC
        return {
            "service": data["service"], "service_name": data["service_name"], "referred_on": data["referred_on"],
            "victimisation": self.victimisations.get(data.get("victimisation") or ""),
            "consent_given": data["consent_given"] == "yes", "lawful_basis": data["lawful_basis"],
            "basis_detail": data["basis_detail"],
            "dash_answers": data["dash_answers"] if marac else None,
            "professional_judgement": marac and data["professional_judgement"],
            "judgement_reason": data["judgement_reason"] if marac else "",
        }


class ReferralUpdateForm(GovUKForm):
    status = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                               choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.MADE],
                               error_messages={"required": "Select what happened to the referral"})
    status_on = forms.DateField(label="Date", widget=DATE, error_messages={"required": "Enter the date",
                                                                          "invalid": "Enter a real date"})
    outcome = forms.CharField(label="Outcome", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Required when closing: what support was given, or why it was declined")
    outcome_positive = forms.TypedChoiceField(
        label="When closing: was the outcome positive for the victim?", required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes: safer, coping or recovering better"), ("no", "No"), ("", "Not known")],
        coerce=lambda value: value == "yes", empty_value=None,
        help_text="The plan counts the share of young people's support that ends with a positive outcome")

    def clean(self):
        data = super().clean()
        if data.get("status") == ReferralStatus.CLOSED and not data.get("outcome", "").strip():
            self.add_error("outcome", "Describe the outcome")
        if data.get("status") != ReferralStatus.CLOSED:
            data["outcome_positive"] = None  # said only of a closed referral
        return data


class VictimisationForm(GovUKForm):
    kind = forms.ChoiceField(label="Type", choices=[("", "Choose a type")] + list(VictimisationKind.choices),
                             error_messages={"required": "Choose the type of victimisation"})
    occurred_on = forms.DateField(label="Date it happened", widget=DATE,
                                  error_messages={"required": "Enter the date it happened",
                                                  "invalid": "Enter a real date"})
    reported_on = forms.DateField(label="Date reported", required=False, widget=DATE,
                                  error_messages={"invalid": "Enter a real date"})
    reference = forms.CharField(label="Your reference", required=False, max_length=60,
                                help_text="For example the crime or case number")
    summary = forms.CharField(label="Summary", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "govuk-select"

    def clean(self):
        data = super().clean()
        occurred, reported = data.get("occurred_on"), data.get("reported_on")
        if occurred and occurred > timezone.localdate():
            self.add_error("occurred_on", "The date it happened cannot be in the future")
        if occurred and reported and reported < occurred:
            self.add_error("reported_on", "The date reported cannot be before the date it happened")
        return data


class RegisterForm(JustificationForm):
    """Why the register is opened (logged) and which rule's flags to list."""

    rule = forms.ChoiceField(label="Flagged by", required=False,
                             choices=[("", "Any rule")] + list(rules.RULE_NAMES.items()))
    field_order = ["rule", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].widget.attrs["class"] = "govuk-select"
