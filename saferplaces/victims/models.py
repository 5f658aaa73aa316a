from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.notes import Note
from saferplaces.core.tracked import Tracked
from saferplaces.policy.models import LegalBasis, Protected


class VictimisationKind(models.TextChoices):
    ASB = "asb", "Anti-social behaviour"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    VIOLENCE = "violence", "Violence against the person"
    SEXUAL = "sexual", "Sexual offence"
    HATE = "hate", "Hate crime"
    BURGLARY = "burglary", "Burglary"
    ROBBERY = "robbery", "Robbery"
    THEFT = "theft", "Theft"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    FRAUD = "fraud", "Fraud"
    OTHER = "other", "Other"


class Victimisation(Protected):
    """One crime or ASB incident in which a person was the victim, as one agency recorded it."""

    DATA_CATEGORY = "victim"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="victimisations")
    kind = models.CharField(max_length=20, choices=VictimisationKind.choices)
    occurred_on = models.DateField()
    reported_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True, help_text="The agency's crime or case reference")
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%d %b %Y}"


class Service(models.TextChoices):
    VICTIM_SUPPORT = "victim_support", "Victim Support"
    MARAC = "marac", "MARAC (multi-agency risk assessment conference)"
    IDVA = "idva", "IDVA (independent domestic violence adviser)"
    COMMISSIONED = "commissioned", "Another commissioned service"


class ReferralStatus(models.TextChoices):
    MADE = "made", "Referred"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed with an outcome"


class Referral(Protected):
    """A referral of a victim to a service, held by the referring agency.

    The referral is a ``victim`` record; its DASH answers and the reason for professional judgement are
    ``domestic_abuse`` data (health, sex life: UK GDPR Article 9), shown to a partner only when an
    agreement names that category too (``policy.access.hidden_parts``). The DASH score stays with the
    referral: it is the threshold MARAC's case list circulates (``marac.MaracCase.dash_score``).
    """

    DATA_CATEGORY = "victim"
    PART_CATEGORIES = {"dash_answers": "domestic_abuse", "judgement_reason": "domestic_abuse"}

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    victimisation = models.ForeignKey(Victimisation, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="referrals")
    service = models.CharField(max_length=20, choices=Service.choices)
    service_name = models.CharField(max_length=120, blank=True, help_text="Name of the commissioned service")
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    consent_given = models.BooleanField(help_text="The victim agreed to the referral and to sharing their details")
    lawful_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    basis_detail = models.TextField(blank=True, help_text="Why sharing without consent is lawful and necessary")
    dash_answers = models.JSONField(null=True, blank=True, help_text="Codes of the DASH questions answered yes")
    dash_score = models.PositiveSmallIntegerField(null=True, blank=True)
    professional_judgement = models.BooleanField(default=False)
    judgement_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.MADE)
    status_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    # The strategy's KPI for young victims: "80% of young people accessing the service achieve a
    # positive outcome"; unknown (null) until the service closes the referral and says.
    outcome_positive = models.BooleanField(null=True, blank=True,
                                           help_text="Closed with a positive outcome for the victim (null: not said)")
    created_at = models.DateTimeField(default=timezone.now)
    # The directory's service the victim was referred to (issue 16): its provider's staff answer it.
    directory_service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="referrals")

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent_given=True) | ~models.Q(lawful_basis=""),
                                   name="referral_consent_or_basis"),
        ]

    def __str__(self):
        return f"Referral to {self.get_service_display()} on {self.referred_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("victims:referral_detail", kwargs={"pk": self.pk})


class VictimNote(Note):
    """A note of a contact with or about the victim, on one victimisation; seen by exactly those who may
    see the victimisation."""

    victimisation = models.ForeignKey(Victimisation, on_delete=models.PROTECT, related_name="case_notes")
    PARENT = "victimisation"

    class Meta(Note.Meta):
        pass


class VictimsCodeRight(models.TextChoices):
    """The 12 rights of the Code of Practice for Victims of Crime in England and Wales (Ministry of
    Justice, November 2020; in force 1 April 2021)."""

    UNDERSTAND = "1", "Right 1: to be able to understand and to be understood"
    RECORDED = "2", "Right 2: to have the details of the crime recorded without unjustified delay"
    INFORMATION_REPORTING = "3", "Right 3: to be provided with information when reporting the crime"
    REFERRED = "4", "Right 4: to be referred to services that support victims"
    COMPENSATION = "5", "Right 5: to be provided with information about compensation"
    INVESTIGATION = "6", "Right 6: to be provided with information about the investigation and prosecution"
    STATEMENT = "7", "Right 7: to make a Victim Personal Statement"
    TRIAL = "8", "Right 8: to be given information about the trial, trial process and your role as a witness"
    OUTCOME = "9", "Right 9: to be given information about the outcome of the case and any appeals"
    EXPENSES = "10", "Right 10: to be paid expenses and have property returned"
    OFFENDER = "11", "Right 11: to be given information about the offender following a conviction"
    COMPLAINT = "12", "Right 12: to make a complaint about your Rights not being met"


class ComplaintStage(models.TextChoices):
    """Right 12 of the Code: a victim complains first to the service provider, through its own
    complaints process; if still dissatisfied they may ask an MP to refer the complaint to the
    Parliamentary and Health Service Ombudsman."""

    PROVIDER = "provider", "With the agency (its own complaints process)"
    OMBUDSMAN = "ombudsman", "Referred to the Parliamentary and Health Service Ombudsman"


class ComplaintOutcome(models.TextChoices):
    OPEN = "open", "Not yet answered"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class VictimsCodeComplaint(Tracked):
    """One complaint an agency received that a right of the Victims' Code was not met: a log of counts
    by agency for the Victim group's KPI "Number of complaints received", with no personal data (the
    complainant's details stay in the agency's own complaints system, under its reference)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="victims_code_complaints")
    received_on = models.DateField()
    right = models.CharField(max_length=2, choices=VictimsCodeRight.choices)
    stage = models.CharField(max_length=10, choices=ComplaintStage.choices, default=ComplaintStage.PROVIDER)
    outcome = models.CharField(max_length=14, choices=ComplaintOutcome.choices, default=ComplaintOutcome.OPEN)
    answered_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True, help_text="The agency's complaint reference")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on", "id"], name="victims_complaint_received")]

    def __str__(self):
        return f"Victims' Code complaint to {self.agency} on {self.received_on:%d %b %Y}"
