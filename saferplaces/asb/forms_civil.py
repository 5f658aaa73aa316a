"""Forms of the civil toolkit: closure notices and orders, injunctions, CBOs, contracts, their steps
and their register. The legal checks are the services' (``asb.civil``); these check only shape."""

import datetime as dt

from django import forms
from django.utils import timezone

from saferplaces.asb import civil_rules
from saferplaces.asb.forms import DATE, DATE_ERRORS, _party_label, _select
from saferplaces.asb.models import CivilKind, CivilStatus, CivilStepKind
from saferplaces.audit.justification import JustificationForm
from saferplaces.core.forms import GovUKForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_ERRORS = {"required": "Enter the date and time", "invalid": "Enter a real date and time"}


def _text(label, required=True, help_text="", rows=4):
    return forms.CharField(label=label, max_length=4000, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"})


def _when(label, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, help_text=help_text, widget=DATETIME,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], error_messages=DATETIME_ERRORS)


def _day(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DATE,
                           error_messages=DATE_ERRORS)


class ClosureNoticeForm(GovUKForm):
    address = forms.CharField(label="The premises", max_length=300,
                              help_text="Identify the premises (section 76(5)(a)): the full address",
                              error_messages={"required": "Enter the premises' address"})
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    grounds = _text("The grounds", help_text="Why you are satisfied on reasonable grounds that the use of the premises "
                    "has resulted, or is likely soon to result, in nuisance to the public, or in disorder near "
                    "them, and that the notice is necessary to prevent it (section 76(1))")
    terms = _text("Who may still enter", help_text="A notice may not keep out people who habitually live there or "
                  "the owner (section 76(4)); say whom else it excepts, and when")
    authority = forms.ChoiceField(label="Issued by", widget=forms.RadioSelect,
                                  choices=[(k, v[0]) for k, v in civil_rules.CLOSURE_AUTHORITIES.items()],
                                  error_messages={"required": "Choose who issued the notice"})
    served_at = _when("Served at")
    ends_at = _when("Ends at", help_text="At most 24 hours after service, or 48 hours for a superintendent or the "
                    "chief executive's designate (section 77)")
    court = forms.CharField(label="Magistrates' court hearing the application", max_length=200,
                            error_messages={"required": "Enter the court that will hear the application"})
    hearing_at = _when("Hearing at", help_text="No later than 48 hours after service (section 80(3)); the notice "
                       "states when and where (section 76(5)(e))")


class PersonOrderForm(GovUKForm):
    """The shared part of an injunction, a CBO and a contract: who it is against, grounds and terms."""

    party = forms.ChoiceField(label="Against", widget=forms.RadioSelect,
                              error_messages={"required": "Choose the alleged perpetrator"})
    grounds = _text("The grounds")
    terms = _text("Prohibitions and requirements")

    def __init__(self, *args, parties=(), **kwargs):
        """``parties``: the case's alleged perpetrators as the viewer may see them (``selectors.PartyShown``)."""
        super().__init__(*args, **kwargs)
        self.parties = {str(p.party.pk): p.party for p in parties if not p.party.is_business}
        self.fields["party"].choices = [(str(p.party.pk), _party_label(p)) for p in parties
                                        if not p.party.is_business]


class InjunctionForm(PersonOrderForm):
    applied_on = _day("Date of application")
    court = forms.CharField(label="Court", max_length=200, required=False,
                            help_text="Leave blank for the court the Act names: a youth court for under-18s, else "
                                      "the county court (section 1(8))")
    yot_consulted = forms.BooleanField(label="The youth offending team has been consulted (section 14(1); needed "
                                             "for a respondent under 18)", required=False)
    granted = forms.BooleanField(label="The court has granted it", required=False)
    made_on = _day("Granted on", required=False)
    expires_on = _day("Ends on", required=False, help_text="Leave blank for an adult's injunction until further "
                      "order; an under-18's lasts at most 12 months (section 1(6))")
    power_of_arrest = forms.BooleanField(label="A power of arrest is attached (section 4: violence, or a significant "
                                               "risk of harm)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].help_text = ("On the balance of probabilities, the respondent has engaged or threatens "
                                            "to engage in anti-social behaviour (section 1(2)), and it is just and "
                                            "convenient to grant the injunction to prevent it (section 1(3))")

    def clean(self):
        data = super().clean()
        if data.get("granted") and not data.get("made_on"):
            self.add_error("made_on", "Enter when the court granted it")
        if not data.get("granted"):
            data["made_on"] = data["expires_on"] = None
        return data


class CboForm(PersonOrderForm):
    offence = forms.CharField(label="Offence of which convicted", max_length=300,
                              error_messages={"required": "Enter the offence"})
    convicted_on = _day("Date of conviction")
    court = forms.CharField(label="Court", max_length=200, error_messages={"required": "Enter the court"})
    made_on = _day("Made on")
    expires_on = _day("Ends on", required=False, help_text="Under 18: a fixed 1 to 3 years; adult: at least 2 years, "
                      "or blank for indefinite (section 25)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].help_text = ("The court is satisfied that the offender has engaged in behaviour that "
                                            "caused or was likely to cause harassment, alarm or distress, and that "
                                            "the order will help prevent it (section 22(3)-(4)); the prosecution "
                                            "applied (section 22(7))")


class AbcForm(PersonOrderForm):
    made_on = _day("Signed on")
    expires_on = _day("Ends on", help_text=f"Typically {civil_rules.ABC_MONTHS} months; at most "
                      f"{civil_rules.ABC_MAX_MONTHS} (local policy)")
    agreed = forms.BooleanField(label="The person has agreed to and signed the contract", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].help_text = "The behaviour that led to the contract (it has no statutory basis)"
        self.fields["terms"].label = "What the person agrees not to do, and the support offered"


FORMS = {CivilKind.CLOSURE_NOTICE: ClosureNoticeForm, CivilKind.INJUNCTION: InjunctionForm, CivilKind.CBO: CboForm,
         CivilKind.ABC: AbcForm}


class ClosureOrderForm(GovUKForm):
    decision = forms.ChoiceField(label="The court's decision", widget=forms.RadioSelect,
                                 choices=[("granted", "Closure order made"), ("refused", "Refused")],
                                 error_messages={"required": "Choose the court's decision"})
    court = forms.CharField(label="Magistrates' court", max_length=200,
                            error_messages={"required": "Enter the court"})
    made_on = _day("Date of the decision")
    expires_on = _day("The order ends on", required=False, help_text="At most 3 months (section 80(6))")
    grounds = _text("The grounds", help_text="A person has engaged, or is likely to engage, in disorderly, offensive "
                    "or criminal behaviour on the premises; or serious nuisance; or disorder near them; and the order "
                    "is necessary to prevent it (section 80(5))")
    terms = _text("Who the order keeps out, and when", required=False)


class CivilStepForm(GovUKForm):
    kind = forms.ChoiceField(label="What happened", widget=forms.RadioSelect,
                             error_messages={"required": "Select what happened"})
    on = _day("Date")
    details = _text("Details", rows=3)
    new_expiry = _day("Granted or extended until", required=False)
    new_end_at = _when("Closure notice: extended until", required=False,
                       help_text="At most 48 hours after service in all (section 77)")
    authority = forms.ChoiceField(label="Closure notice: extended by", required=False, widget=forms.RadioSelect,
                                  choices=[("superintendent", civil_rules.CLOSURE_AUTHORITIES["superintendent"][0]),
                                           ("council_chief", civil_rules.CLOSURE_AUTHORITIES["council_chief"][0])])

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, CivilStepKind(k).label) for k in kinds]


class CivilListForm(JustificationForm):
    q = forms.CharField(label="Name, address, postcode or terms", required=False, max_length=100)
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "All types")] + list(CivilKind.choices))
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), ("current", "Current")]
                               + list(CivilStatus.choices))
    field_order = ["q", "kind", "status", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _select(self, "kind", "status")


def default_times() -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"served_at": now, "ends_at": now + dt.timedelta(hours=24), "hearing_at": now + dt.timedelta(hours=40)}
