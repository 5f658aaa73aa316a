from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.notes import Note
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
    """A referral of a victim to a service, held by the referring agency."""

    DATA_CATEGORY = "victim"

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
    created_at = models.DateTimeField(default=timezone.now)

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
