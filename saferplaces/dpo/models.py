"""The data protection officer's registers: DPIAs per processing activity and the personal-data breach log.

Neither holds personal data about the partnership's clients (a breach is described in categories and
numbers, never by naming the people in it); both are tracked (every change kept in the audit history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from saferplaces.core.tracked import Tracked


class DPIA(Tracked):
    """A data protection impact assessment (UK GDPR Art. 35; DPA 2018 s.64 for law-enforcement processing)
    of one processing activity: a module of the product processing one data category."""

    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                     help_text="The controller whose assessment this is")
    module = models.CharField(max_length=50, help_text="The app label of the module, e.g. asb")
    data_category = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="The processing: what, why, whose data, how")
    lawful_basis = models.TextField()
    risks = models.TextField(help_text="Risks to people's rights and freedoms")
    mitigations = models.TextField()
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    signed_off_on = models.DateField(null=True, blank=True)
    review_date = models.DateField()
    # The agreements relying on this assessment (any version of each: the agreement page lists the DPIAs of
    # every version of its reference).
    agreements = models.ManyToManyField("policy.InformationSharingAgreement", blank=True, related_name="dpias")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["review_date", "id"]
        verbose_name = "DPIA"
        verbose_name_plural = "DPIAs"
        indexes = [models.Index(fields=["owner_agency", "review_date"], name="dpo_dpia_register_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dpo:dpia_detail", kwargs={"pk": self.pk})


class Reportable(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    YES = "yes", "Yes: likely to result in a risk to people's rights and freedoms"
    NO = "no", "No: unlikely to result in a risk (reason recorded)"


class SubjectsTold(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    YES = "yes", "Yes, told"
    NO = "no", "No: not a high risk, or an exception of Article 34(3) applies (reason recorded)"


class Breach(Tracked):
    """A personal-data breach (UK GDPR Art. 4(12)), documented as Art. 33(5) asks whether reported or not."""

    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    aware_at = models.DateTimeField(help_text="When the agency became aware of the breach: the 72 hours start")
    occurred_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(help_text="What happened")
    data_categories = models.JSONField(default=list)
    subjects_approx = models.PositiveIntegerField()
    records_approx = models.PositiveIntegerField(null=True, blank=True)
    consequences = models.TextField(help_text="Likely consequences")
    measures = models.TextField(help_text="Measures taken or proposed, including to mitigate its effects")
    reportable = models.CharField(max_length=10, choices=Reportable.choices, default=Reportable.UNDECIDED)
    decision_reason = models.TextField(blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=50, blank=True)
    delay_reason = models.TextField(blank=True, help_text="Art. 33(1): why a report came after 72 hours")
    subjects_told = models.CharField(max_length=10, choices=SubjectsTold.choices, default=SubjectsTold.UNDECIDED)
    subjects_told_on = models.DateField(null=True, blank=True)
    subjects_told_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-aware_at", "-id"]
        verbose_name_plural = "breaches"
        indexes = [models.Index(fields=["owner_agency", "aware_at"], name="dpo_breach_log_idx")]

    def __str__(self):
        return f"Breach {self.pk}: {self.title}"

    def get_absolute_url(self):
        return reverse("dpo:breach_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"BR-{self.pk:05d}"
