from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.policy.categories import category_label


class Protected(Tracked):
    """Abstract base for records holding personal data: owned by an agency, of one data category.

    Every read goes through :mod:`saferplaces.policy.access`.
    """

    DATA_CATEGORY: str = ""
    #: for a model whose records are of more than one category, the field (or lookup path) that names
    #: each record's (a gangs-cohort membership is ``gangs``, every other membership ``offender``; the
    #: casework on a membership follows it); empty when every record is of ``DATA_CATEGORY``. Read a
    #: record's category with :func:`record_category`.
    CATEGORY_FIELD: str = ""
    #: action → the role permission it needs on this model, where not the default of
    #: ``policy.access.ACTION_PERMISSIONS`` (records that are not about people are read with their
    #: own permission: a caseworker's ``personal.view`` does not open them)
    ACTION_PERMISSIONS: dict[str, str] = {}

    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


def record_category(record: Protected) -> str:
    """The data category of one record: its own field's value (``CATEGORY_FIELD`` may be a lookup path
    through related records, e.g. ``membership__data_category``), or its model's category."""
    if not record.CATEGORY_FIELD:
        return record.DATA_CATEGORY
    value = record
    for name in record.CATEGORY_FIELD.split("__"):
        value = getattr(value, name)
    return value


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"
    #: replaced by a later version: an active version once the next is signed by every party, a draft at once
    SUPERSEDED = "superseded", "Superseded"


class LegalBasis(models.TextChoices):
    CDA_S115 = "cda_s115", "Crime and Disorder Act 1998, section 115"
    DPA_PART3 = "dpa_part3", "Data Protection Act 2018, Part 3 (law enforcement processing)"
    UK_GDPR_6_1_E = "gdpr_6_1_e", "UK GDPR Article 6(1)(e): public task"
    UK_GDPR_6_1_C = "gdpr_6_1_c", "UK GDPR Article 6(1)(c): legal obligation"
    CONSENT = "consent", "Consent of the data subject"
    CHILDREN_ACT = "children_act", "Children Act 2004, section 11 (safeguarding)"
    CARE_ACT = "care_act", "Care Act 2014, section 45 (safeguarding adults)"


class AgreementQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(status=AgreementStatus.ACTIVE, start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class InformationSharingAgreement(Tracked):
    """One version of an agreement under which the parties see each other's records of the listed categories.

    A version is a draft until the data protection officer of every party has signed it off
    (:class:`AgreementSignOff`); then it is active and the version it replaces is superseded. A change
    is a new version (``services.agreement_change``): the versions of one agreement share its reference.
    """

    reference = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The version this one replaces")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(blank=True)
    data_categories = models.JSONField(default=list)
    parties = models.ManyToManyField("accounts.Agency", related_name="agreements")
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["reference", "version"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "version"], name="agreement_version_unique"),
            # Only a first version starts an agreement, and each reference has one first version: a new
            # agreement cannot take a reference in use (as two demo loaders once did); a later version
            # always names the one it replaces.
            models.CheckConstraint(condition=Q(version=1, previous__isnull=True)
                                   | Q(version__gt=1, previous__isnull=False), name="agreement_first_version_starts"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def versions(self) -> models.QuerySet:
        """Every version of this agreement, oldest first."""
        return InformationSharingAgreement.objects.filter(reference=self.reference).order_by("version")

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            self.status == AgreementStatus.ACTIVE
            and self.start_date <= on
            and (self.end_date is None or self.end_date >= on)
        )

    def review_overdue(self, on=None) -> bool:
        return self.is_active(on) and self.review_date < (on or timezone.localdate())

    def category_labels(self) -> list[str]:
        return [category_label(code) for code in self.data_categories]


class GrantQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class AccessGrant(Tracked):
    """An explicit, logged decision to let one user or one agency see one record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    grantee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    grantee_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grantee_user__isnull=False) | Q(grantee_agency__isnull=False),
                name="grant_has_grantee",
            )
        ]

    def __str__(self):
        grantee = self.grantee_user or self.grantee_agency
        return f"Grant to {grantee} for {self.content_type.model} {self.object_id}"


class AgreementSignOff(Tracked):
    """A data protection officer's sign-off of one version of an agreement for their agency (a party)."""

    agreement = models.ForeignKey(InformationSharingAgreement, on_delete=models.PROTECT, related_name="sign_offs")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="Empty only for agreements active before sign-off")
    signed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "agency"], name="one_sign_off_per_party")]

    def __str__(self):
        return f"{self.agreement.reference} v{self.agreement.version} signed for {self.agency}"


class NamedReaderQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class NamedReader(Tracked):
    """A user named to read the records of a restricted category (``categories.RESTRICTED``).

    Naming narrows, never widens: a named reader still needs an ordinary relationship to each record,
    and everyone not named (their agency's colleagues included) is refused the category's records.
    """

    category = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = NamedReaderQuerySet.as_manager()

    class Meta:
        ordering = ["category", "named_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "user"], condition=Q(removed_at__isnull=True),
                                               name="named_reader_once")]

    def __str__(self):
        return f"{self.user} reads {category_label(self.category)}"


class RestrictionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class Restriction(Tracked):
    """A record whose processing is restricted (UK GDPR Art. 18; DPA 2018 s.47 for law-enforcement
    processing): hidden from everyone by ``policy.access.scope`` and ``fetch`` until the DPO who placed it
    lifts it. The DPO reads it through the rights pages (``saferplaces.rights``). Placed and lifted only
    by ``rights.services``; a lifted restriction is kept (``lifted_at``) as the record of it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="policy_restriction_record_idx")]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               condition=Q(lifted_at__isnull=True),
                                               name="one_active_restriction_per_record")]

    def __str__(self):
        return f"Restriction of {self.content_type.model} {self.object_id}"
