"""Anti-social behaviour cases and their enforcement under the Anti-social Behaviour, Crime and
Policing Act 2014. A case and a warning or notice are each held by one agency (the lead agency) and
are read through ``saferplaces.policy``; the parts of a case (parties, incidents, tasks, evidence,
its review) are reached through the case."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.notes import Note
from saferplaces.core.tracked import Tracked
from saferplaces.policy.models import Protected


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Under investigation"
    ACTION = "action", "Action in progress"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: the behaviour stopped"
    ENFORCEMENT = "enforcement", "Resolved through enforcement"
    NO_FURTHER_ACTION = "nfa", "No further action possible"
    NO_CONTACT = "no_contact", "Complainant withdrew or could not be contacted"
    REFERRED = "referred", "Referred to another agency"


#: A point is whole or absent: a latitude without its longitude places nothing.
_POINT_WHOLE = Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False)


class AsbCase(Protected):
    """An ASB case, held by its lead agency."""

    DATA_CATEGORY = "asb"

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    location = models.CharField(max_length=300, help_text="Where the behaviour happens")
    postcode = models.CharField(max_length=10, blank=True)
    # The place on the map (WGS84): from the postcode or a click on the map, never typed; both or neither.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    lead_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    opened_on = models.DateField(default=timezone.localdate)
    risk_answers = models.JSONField(null=True, blank=True, help_text="Codes of the risk questions answered yes")
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    risk_judgement = models.TextField(blank=True, help_text="Why the level was raised on professional judgement")
    risk_assessed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "ASB case"
        constraints = [models.CheckConstraint(condition=_POINT_WHOLE, name="asbcase_point_whole")]
        # The case list's sorts and filters (asb.views_cases.CASE_SORTS): each ends with the id.
        indexes = [models.Index(fields=["opened_on", "id"], name="asb_case_opened_idx"),
                   models.Index(fields=["status", "opened_on", "id"], name="asb_case_status_idx"),
                   models.Index(fields=["risk_score", "id"], name="asb_case_risk_idx"),
                   # The list opens on the cases not closed (a tenth of them at volume), newest first, and
                   # on the viewer's own (My work's open cases too): read in order from these, the first page
                   # stops after its rows.
                   models.Index(fields=["opened_on", "id"], condition=~models.Q(status="closed"),
                                name="asb_case_open_idx"),
                   models.Index(fields=["lead_officer", "opened_on", "id"], condition=~models.Q(status="closed"),
                                name="asb_case_open_lead_idx"),
                   # The similar-case check compares the whole location and postcode, ignoring case (iexact).
                   models.Index(Upper("location"), name="asb_case_location_upper_idx"),
                   models.Index(Upper("postcode"), name="asb_case_postcode_upper_idx"),
                   # My work (work.selectors): a team's open caseload by lead officer, counted from the index.
                   models.Index(fields=["owner_agency", "lead_officer", "id"], name="asb_case_agency_open_idx",
                                condition=~models.Q(status="closed"))]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk, self.opened_on)

    @staticmethod
    def reference_of(pk: int, opened_on) -> str:
        """The reference of the case ``pk`` opened on ``opened_on``, for pages that read values, not cases."""
        return f"ASB-{opened_on:%Y}-{pk:05d}"

    def get_absolute_url(self):
        return reverse("asb:case_detail", kwargs={"pk": self.pk})


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", "Complainant"
    VICTIM = "victim", "Victim"
    PERPETRATOR = "perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"


class Party(Tracked):
    """Someone (a person or a business) with a part in a case.

    A party linked to a person record keeps a reference, never a copy: its name, date of birth and
    address are the person record's, shown only to those who may see that record. A party without
    one (a business, or someone nobody holds a record of) keeps what was typed.
    """

    case = models.ForeignKey(AsbCase, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="asb_parties")
    is_business = models.BooleanField(default=False)
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["role", "name", "pk"]
        verbose_name_plural = "parties"
        # The similar-case check compares a typed name whole, ignoring case (iexact).
        indexes = [models.Index(Upper("name"), name="asb_party_name_upper_idx")]

    def __str__(self):
        # Never the linked person's name: this label reaches the change history and pages that have
        # not asked policy about the person.
        return f"{self.name or 'A person record'} ({self.get_role_display().lower()})"

    def details(self) -> tuple[str, object, str, str]:
        """Name, date of birth, address and postcode: the person record's when linked to one (the
        caller has checked that the viewer may see it), else the party's own."""
        if self.person_id is not None:
            person = self.person
            return str(person), person.date_of_birth, person.address, person.postcode
        return self.name, self.date_of_birth, self.address, self.postcode


class IncidentKind(models.TextChoices):
    NOISE = "noise", "Noise"
    INTIMIDATION = "intimidation", "Intimidation or harassment"
    VERBAL_ABUSE = "verbal_abuse", "Verbal abuse"
    DRUGS = "drugs", "Drug use or dealing"
    ALCOHOL = "alcohol", "Street drinking or alcohol-related"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage or graffiti"
    NUISANCE_VEHICLE = "vehicle", "Nuisance vehicles"
    LITTER = "litter", "Litter, fly-tipping or waste"
    BEGGING = "begging", "Begging"
    HATE = "hate", "Hate incident"
    OTHER = "other", "Other"


class Incident(Tracked):
    """One reported occurrence of the behaviour (a complaint counts towards the Community Trigger)."""

    case = models.ForeignKey(AsbCase, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=300)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=IncidentKind.choices)
    description = models.TextField()
    reporting_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    is_complaint = models.BooleanField(default=True, help_text="A complaint by or for the victim")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [models.CheckConstraint(condition=_POINT_WHOLE, name="incident_point_whole")]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.location} on {timezone.localtime(self.occurred_at):%d %b %Y %H:%M}"


class Task(Tracked):
    """A piece of work on a case, for one agency (which then takes part in the case)."""

    case = models.ForeignKey(AsbCase, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assigned_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="asb_tasks")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="asb_tasks")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        # The task list reads open tasks by due date (asb.views_cases.TASK_SORTS).
        indexes = [models.Index(fields=["done_on", "due_on", "id"], name="asb_task_due_idx")]

    def __str__(self):
        return self.title

    def overdue(self, on=None) -> bool:
        return self.done_on is None and self.due_on < (on or timezone.localdate())


class Attachment(Tracked):
    """An evidence file on a case. The bytes live under ``settings.ASB['ATTACHMENT_DIR']``, outside
    any URL space, and are served only by ``asb:attachment_download`` after an access check."""

    case = models.ForeignKey(AsbCase, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.filename


class NoticeKind(models.TextChoices):
    WARNING = "cpw", "Community Protection Warning"
    NOTICE = "cpn", "Community Protection Notice"


class NoticeStatus(models.TextChoices):
    ACTIVE = "active", "In force"
    ESCALATED = "escalated", "Escalated to a notice"
    COMPLIED = "complied", "Complied with"
    WITHDRAWN = "withdrawn", "Withdrawn"
    BREACHED = "breached", "Breached"
    QUASHED = "quashed", "Quashed on appeal"


class ProtectionNotice(Protected):
    """A Community Protection Warning or Notice (2014 Act, s.43), held by the issuing agency."""

    DATA_CATEGORY = "enforcement"

    kind = models.CharField(max_length=3, choices=NoticeKind.choices)
    case = models.ForeignKey(AsbCase, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    warning = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="notice",
                                   help_text="The warning this notice follows (s.43(5))")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    is_business = models.BooleanField(default=False)
    recipient_name = models.CharField(max_length=200)
    recipient_dob = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    conduct = models.TextField(help_text="The conduct that has a detrimental effect on the community")
    conditions = models.TextField(help_text="What the recipient must stop doing, do, or take steps to achieve")
    issued_on = models.DateField()
    comply_by = models.DateField(help_text="Warning: the date by which the conduct must stop")
    appeal_by = models.DateField(null=True, blank=True, help_text="Notice: last day to appeal (s.46)")
    expires_on = models.DateField()
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ACTIVE)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        # The register's sorts (asb.views_enforcement.PORTAL_SORTS): each ends with the id.
        indexes = [models.Index(fields=["issued_on", "id"], name="asb_notice_issued_idx"),
                   models.Index(fields=["recipient_name", "id"], name="asb_notice_recipient_idx"),
                   models.Index(fields=["status", "issued_on", "id"], name="asb_notice_status_idx")]
        verbose_name = "Community Protection Warning or Notice"

    def __str__(self):
        return f"{self.reference} to {self.recipient_name}"

    @property
    def reference(self) -> str:
        return f"{self.kind.upper()}-{self.issued_on:%Y}-{self.pk:05d}"

    def get_absolute_url(self):
        return reverse("asb:notice_detail", kwargs={"pk": self.pk})

    def current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status in {NoticeStatus.ACTIVE, NoticeStatus.BREACHED} and self.expires_on >= on


class StepKind(models.TextChoices):
    APPEAL = "appeal", "Appeal lodged (s.46)"
    BREACH = "breach", "Breach (s.48)"
    FPN = "fpn", "Fixed penalty notice (s.52)"
    PROSECUTION = "prosecution", "Prosecution (s.48)"
    REMEDIAL = "remedial", "Remedial action (s.47)"
    FORFEITURE = "forfeiture", "Forfeiture order (s.50)"


class EnforcementStep(Tracked):
    """Something that happened to a notice after it was issued: an appeal, a breach, a sanction."""

    notice = models.ForeignKey(ProtectionNotice, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    on = models.DateField()
    details = models.TextField()
    amount = models.PositiveIntegerField(null=True, blank=True, help_text="Pounds: fixed penalty amount")
    pay_by = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on:%d %b %Y}"


class ReviewStatus(models.TextChoices):
    RECEIVED = "received", "Received: gathering partners' information"
    MEETING = "meeting", "Review meeting arranged"
    DECIDED = "decided", "Decided: response sent to the applicant"
    CLOSED = "closed", "Closed"


class CaseReview(Tracked):
    """An ASB case review (the Community Trigger, 2014 Act s.104) of a case."""

    case = models.OneToOneField(AsbCase, on_delete=models.PROTECT, related_name="review")
    applicant = models.CharField(max_length=200)
    requested_on = models.DateField()
    due_on = models.DateField(help_text="The review's clock: the applicant hears the outcome by this date")
    complaints = models.PositiveSmallIntegerField(help_text="Complaints in the threshold window when requested")
    threshold_met = models.BooleanField()
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.RECEIVED)
    decision = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Case review of {self.case.reference}"

    def overdue(self, on=None) -> bool:
        return self.decided_on is None and self.due_on < (on or timezone.localdate())


class ReviewContribution(Tracked):
    """What one partner agency knows and proposes for a case review."""

    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]


class CaseNote(Note):
    """A note of a contact on a case, seen by exactly those who may see the case."""

    case = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="case_notes")
    PARENT = "case"

    class Meta(Note.Meta):
        pass


class LetterKind(models.TextChoices):
    WARNING = "warning", "ASB warning letter"
    CPW = "cpw", "Community Protection Warning"
    CPN = "cpn", "Community Protection Notice"
    ABC = "abc", "Acceptable Behaviour Contract"
    CLOSURE_NOTICE = "closure_notice", "Closure notice"
    CASE_CLOSURE = "case_closure", "Case closure letter"


class LetterTemplate(Tracked):
    """The wording of one kind of letter, kept by managers. The body is plain text with placeholders
    from a fixed list per kind (``asb.letters``); it is never run as template code."""

    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    name = models.CharField(max_length=120, unique=True)
    body = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return self.name


class Letter(Tracked):
    """A letter written on a case (and, for a warning or notice, about it): who wrote it, to whom,
    when and from which wording. It keeps the wording as it was, never a copy of the recipient's
    details: those are read again from the party or the notice when it is printed."""

    case = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="letters")
    notice = models.ForeignKey(ProtectionNotice, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="letters")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    template = models.ForeignKey(LetterTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    template_name = models.CharField(max_length=120)
    body = models.TextField(help_text="The template's wording when the letter was written")
    details = models.JSONField(default=dict, blank=True, help_text="Details typed for this letter, by placeholder")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"{self.template_name} on {self.case.reference}"

    @property
    def reference(self) -> str:
        return f"{self.case.reference}/L{self.pk}"


# --- The rest of the civil toolkit (2014 Act) ---------------------------------------------------

class CivilKind(models.TextChoices):
    CLOSURE_NOTICE = "closure_notice", "Closure notice (s.76)"
    CLOSURE_ORDER = "closure_order", "Closure order (s.80)"
    INJUNCTION = "injunction", "Civil injunction (s.1)"
    CBO = "cbo", "Criminal Behaviour Order (s.22)"
    ABC = "abc", "Acceptable Behaviour Contract"


#: kind → the reference prefix
CIVIL_PREFIX = {"closure_notice": "CLN", "closure_order": "CLO", "injunction": "INJ", "cbo": "CBO", "abc": "ABC"}
#: the kinds a court decides (applied for, then granted or refused)
COURT_KINDS = {"closure_order", "injunction", "cbo"}


class CivilStatus(models.TextChoices):
    APPLIED = "applied", "Applied for: awaiting the court"
    IN_FORCE = "in_force", "In force"
    REFUSED = "refused", "Refused by the court"
    BREACHED = "breached", "Breached"
    DISCHARGED = "discharged", "Discharged"
    CANCELLED = "cancelled", "Cancelled"
    ENDED = "ended", "Ended early"


class CivilOrder(Protected):
    """A closure notice or order, a civil injunction, a Criminal Behaviour Order or an Acceptable
    Behaviour Contract, held by the agency that issued it or applied for it.

    One model with a ``kind`` rather than one per tool: the five share what matters to the partnership
    (who or what it is against, its grounds and terms, when it starts and ends, its outcome and its
    steps, its case, its access rules and its place in the CPN-style register), and differ in a few
    dated fields (a closure notice runs in hours, a CBO follows a conviction, an injunction may carry
    a power of arrest). The rules of each kind live in :mod:`saferplaces.asb.civil_rules`; the
    fields a kind does not use stay empty. A Public Spaces Protection Order is about a place, not a
    person, so it is a model of its own (:class:`PublicSpacesOrder`).
    """

    DATA_CATEGORY = "enforcement"

    kind = models.CharField(max_length=20, choices=CivilKind.choices)
    case = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="civil_orders")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="civil_orders")
    follows = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by",
                                   help_text="Closure order: the closure notice it follows (s.80(1))")
    subject_name = models.CharField(max_length=200, blank=True,
                                     help_text="The respondent, offender or person agreeing; blank for premises")
    subject_dob = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, help_text="Closure: the premises; otherwise the person's address")
    postcode = models.CharField(max_length=10, blank=True)
    grounds = models.TextField(help_text="The evidence for the legal test")
    terms = models.TextField(help_text="Prohibitions and requirements, or who may still enter the premises")
    authority = models.CharField(max_length=20, blank=True, help_text="Closure notice: who issued it (s.76, s.77)")
    served_at = models.DateTimeField(null=True, blank=True, help_text="Closure notice: when it was served")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Closure notice: when it ends")
    hearing_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Closure notice: when the application for an order will be heard")
    applied_on = models.DateField(null=True, blank=True, help_text="Court orders: when the application was made")
    made_on = models.DateField(null=True, blank=True, help_text="Granted, made or signed on")
    expires_on = models.DateField(null=True, blank=True, help_text="Blank: indefinite, or not yet decided")
    court = models.CharField(max_length=200, blank=True)
    power_of_arrest = models.BooleanField(default=False, help_text="Injunction: a power of arrest attached (s.4)")
    yot_consulted = models.BooleanField(default=False, help_text="Injunction, under 18: youth offending team (s.14)")
    offence = models.CharField(max_length=300, blank=True, help_text="CBO: the offence of which convicted")
    convicted_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=CivilStatus.choices, default=CivilStatus.IN_FORCE)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "civil order or contract"

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def reference(self) -> str:
        return f"{CIVIL_PREFIX[self.kind]}-{timezone.localtime(self.created_at):%Y}-{self.pk:05d}"

    def get_absolute_url(self):
        return reverse("asb:civil_detail", kwargs={"pk": self.pk})

    @property
    def against(self) -> str:
        return self.subject_name or self.address

    def expired(self, now=None) -> bool:
        now = now or timezone.now()
        if self.kind == CivilKind.CLOSURE_NOTICE:
            return self.ends_at is not None and self.ends_at <= now
        return self.expires_on is not None and self.expires_on < timezone.localdate(now)

    def current(self, now=None) -> bool:
        return self.status in {CivilStatus.IN_FORCE, CivilStatus.BREACHED} and not self.expired(now)


class CivilStepKind(models.TextChoices):
    GRANTED = "granted", "Granted by the court"
    REFUSED = "refused", "Refused by the court"
    EXTENSION = "extension", "Extended"
    VARIATION = "variation", "Varied"
    BREACH = "breach", "Breach"
    REVIEW = "review", "Youth review carried out (s.28)"
    APPEAL = "appeal", "Appeal lodged"
    DISCHARGE = "discharge", "Discharged"
    CANCELLED = "cancelled", "Cancelled (closure notice, s.78)"
    ENDED = "ended", "Ended early"


class CivilStep(Tracked):
    """Something that happened to a civil order after it was recorded: the court's decision, an
    extension, a breach, a review, a discharge."""

    order = models.ForeignKey(CivilOrder, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=12, choices=CivilStepKind.choices)
    on = models.DateField()
    details = models.TextField()
    new_end_at = models.DateTimeField(null=True, blank=True, help_text="Closure notice extension: the new end")
    new_expiry = models.DateField(null=True, blank=True, help_text="Granted or extended until")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on:%d %b %Y}"


class PspoStatus(models.TextChoices):
    IN_FORCE = "in_force", "In force"
    DISCHARGED = "discharged", "Discharged (s.61)"
    QUASHED = "quashed", "Quashed by the High Court (s.66)"


class PublicSpacesOrder(Tracked):
    """A Public Spaces Protection Order (2014 Act, s.59): the council's order about a restricted area.

    Not a :class:`~saferplaces.policy.models.Protected` record: it names no person, and the Act makes
    it public (the council publishes it and puts up notices in the area, s.72 and the 2014
    Publication Regulations), so every signed-in member of staff may read it; only the council that
    made it changes it. Its area is kept as GeoJSON (longitude/latitude), like a priority area, so a
    map can draw it.
    """

    made_by = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="pspos")
    title = models.CharField(max_length=200)
    area_description = models.CharField(max_length=300, help_text="The restricted area, in words")
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon in WGS84")
    activities = models.TextField(help_text="The activities with a detrimental effect (s.59(2))")
    prohibitions = models.TextField(blank=True)
    requirements = models.TextField(blank=True)
    consulted_on = models.DateField(help_text="Consultation completed (s.72(3))")
    made_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(max_length=12, choices=PspoStatus.choices, default=PspoStatus.IN_FORCE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = "Public Spaces Protection Order"

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"PSPO-{self.made_on:%Y}-{self.pk:05d}"

    def get_absolute_url(self):
        return reverse("places:pspo_detail", kwargs={"pk": self.pk})

    def current(self, on=None) -> bool:
        return self.status == PspoStatus.IN_FORCE and self.expires_on >= (on or timezone.localdate())


class PspoStepKind(models.TextChoices):
    EXTENSION = "extension", "Extended (s.60)"
    VARIATION = "variation", "Varied (s.61)"
    CHALLENGE = "challenge", "Challenged in the High Court (s.66)"
    QUASHED = "quashed", "Quashed by the High Court (s.66)"
    DISCHARGE = "discharge", "Discharged (s.61)"


class PspoStep(Tracked):
    order = models.ForeignKey(PublicSpacesOrder, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=12, choices=PspoStepKind.choices)
    on = models.DateField()
    details = models.TextField()
    new_expiry = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on:%d %b %Y}"
