from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from saferplaces.core.notes import Note
from saferplaces.core.tracked import Tracked
from saferplaces.meetings.models import ActionStatus, AttendanceStatus
from saferplaces.policy.models import Protected


class Cohort(models.TextChoices):
    """The cohorts the partnership strategy asks to check for overlap (action plan, offender board)."""

    IOM = "iom", "Integrated Offender Management (IOM)"
    YOS = "yos", "Youth Offending Service (YOS)"
    GANGS = "gangs", "Gangs (IGU / GMAP)"
    MAPPA = "mappa", "MAPPA"
    MISSING_CHILDREN = "missing", "Missing children"
    MACE = "mace", "MACE (child exploitation)"
    MARAC = "marac", "MARAC"
    UNITE = "unite", "Unite (cross-border and foreign national offending)"
    ASB = "asb", "ASB"
    CHANNEL = "channel", "Channel (Prevent)"


#: short labels for charts and matrix headings
SHORT = {Cohort.IOM: "IOM", Cohort.YOS: "YOS", Cohort.GANGS: "Gangs", Cohort.MAPPA: "MAPPA",
         Cohort.MISSING_CHILDREN: "Missing", Cohort.MACE: "MACE", Cohort.MARAC: "MARAC", Cohort.UNITE: "Unite",
         Cohort.ASB: "ASB", Cohort.CHANNEL: "Channel"}


class IOMLead(models.TextChoices):
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"


#: The strands a cohort divides its members into, where it has them. IOM: the national IOM refresh
#: ("Neighbourhood crime IOM strategy", Ministry of Justice and Home Office, 2020) has a *fixed* cohort
#: (neighbourhood crime offenders every area manages), a *flex* cohort (local priorities) and a *free*
#: cohort (people the partnership chooses to add). MAPPA: the management level (MAPPA Guidance, Ministry of
#: Justice, chapter 7); the level is all we keep, as ViSOR, the national system, is the MAPPA record.
STRANDS: dict[str, list[tuple[str, str]]] = {
    Cohort.IOM: [("fixed", "Fixed"), ("flex", "Flex"), ("free", "Free")],
    Cohort.MAPPA: [("level1", "Level 1: ordinary agency management"), ("level2", "Level 2: multi-agency"),
                   ("level3", "Level 3: multi-agency, senior oversight")],
}


def strand_label(cohort: str, strand: str) -> str:
    return dict(STRANDS.get(cohort, [])).get(strand, strand)


class RiskLevel(models.TextChoices):
    """Risk of serious harm, in the four levels of the OASys assessment probation and police use
    (low, medium, high, very high; HM Prison and Probation Service, "Risk of serious harm guidance")."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class ExitReason(models.TextChoices):
    COMPLETED = "completed", "Completed: no longer meets the cohort's criteria"
    CUSTODY = "custody", "Long custodial sentence"
    MOVED = "moved", "Moved out of the area"
    TRANSFERRED = "transferred", "Transferred to another cohort or scheme"
    NOT_ENGAGING = "not_engaging", "Removed by the panel: not suitable or not engaging"
    DECEASED = "deceased", "Died"
    OTHER = "other", "Other (say why in the notes)"


#: the cohorts whose memberships (and the casework on them) are of their own data category; every other
#: cohort's are ``offender`` (policy/categories.py says why each is its own)
COHORT_CATEGORIES = {Cohort.GANGS: "gangs", Cohort.YOS: "youth_justice"}


class CohortMembership(Protected):
    """A person's time in a cohort, as the agency that manages or refers them recorded it."""

    DATA_CATEGORY = "offender"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cohort_memberships")
    cohort = models.CharField(max_length=10, choices=Cohort.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    iom_lead = models.CharField(max_length=10, choices=IOMLead.choices, blank=True,
                                help_text="For IOM: the agency the IOM panel made lead")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Case management. On the membership itself rather than a one-to-one beside it: every membership
    # has them (blank until decided), the policy that scopes the membership scopes them with it, and the
    # caseload and performance reports filter and group on them without a join.
    strand = models.CharField(max_length=10, blank=True, help_text="The cohort's strand, where it has them (STRANDS)")
    risk_level = models.CharField("Risk of serious harm", max_length=10, choices=RiskLevel.choices, blank=True)
    lead_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+",
                                    help_text="The lead agency decided (offenders.leads suggests one)")
    lead_officer = models.CharField(max_length=200, blank=True, help_text="Name and role of the lead officer")
    lead_reason = models.TextField(blank=True, help_text="Why this agency leads, above all where it is not the "
                                                         "suggested one")
    exit_reason = models.CharField(max_length=15, choices=ExitReason.choices, blank=True)
    # Gangs-cohort memberships are their own data category (offenders.gangs), and so are the Youth
    # Offending Service's (youth_justice: children's offending); set from the cohort on save.
    data_category = models.CharField(max_length=20, default="offender", editable=False)
    CATEGORY_FIELD = "data_category"

    class Meta:
        ordering = ["cohort", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")),
                                   name="membership_ends_after_start"),
            models.CheckConstraint(condition=models.Q(exit_reason="") | models.Q(ended_on__isnull=False),
                                   name="membership_exit_reason_when_ended"),
        ]
        indexes = [models.Index(fields=["cohort", "strand"], name="membership_cohort_strand")]

    def __str__(self):
        if self.cohort == Cohort.GANGS:  # this label reaches the access log, which a removal does not erase
            return f"Gangs cohort membership {self.pk}"
        return f"{self.get_cohort_display()} from {self.started_on:%d %b %Y}"

    def active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def get_strand_display(self) -> str:
        return strand_label(self.cohort, self.strand)

    def save(self, *args, **kwargs):
        self.data_category = COHORT_CATEGORIES.get(self.cohort, "offender")
        super().save(*args, **kwargs)

    def history_fields(self):
        # A gangs membership leaves identifiers only in the history, so that removal erases it (offenders.gangs).
        return GANGS_HISTORY_FIELDS if self.cohort == Cohort.GANGS else None


class CohortNote(Note):
    """A note of a contact with or about a cohort member, on their membership; seen by exactly those who
    may see the membership."""

    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="case_notes")
    PARENT = "membership"

    class Meta(Note.Meta):
        pass

    def history_fields(self):
        return NOTE_HISTORY_FIELDS if self.membership.cohort == Cohort.GANGS else None


#: what the history keeps of a gangs membership and of a note on one: the records' identifiers, not
#: even the person's (a history listing person ids in the gangs cohort would be the shadow list the ICO
#: found the Gangs Matrix kept)
GANGS_HISTORY_FIELDS = frozenset({"id", "owner_agency_id", "cohort", "data_category"})
NOTE_HISTORY_FIELDS = frozenset({"id", "membership_id", "author_id"})
#: ... and of the casework on a gangs membership (MembershipRecord)
PART_HISTORY_FIELDS = frozenset({"id", "owner_agency_id", "membership_id", "case_id"})


class MembershipRecord(Protected):
    """A record kept on a cohort membership (a programme place, needs, a referral, ETE, a panel's
    discussion and its actions). It is of its membership's data category, so a gangs member's casework
    is shared only by agreements naming ``gangs``; and on a gangs membership its history keeps
    identifiers only, so that removal (``offenders.services_gangs``) leaves nothing personal behind."""

    DATA_CATEGORY = "offender"
    CATEGORY_FIELD = "membership__data_category"
    MEMBERSHIP = "membership"  # the path from the record to its membership

    class Meta:
        abstract = True

    def history_fields(self):
        membership = self
        for name in self.MEMBERSHIP.split("__"):
            membership = getattr(membership, name)
        return PART_HISTORY_FIELDS if membership.cohort == Cohort.GANGS else None


class Programme(Tracked):
    """A programme with a fixed number of places at a time (e.g. "Starting Over": up to 30), which cohort
    members hold while they take part. The programme is the partnership's provision, not personal data;
    who holds a place is (:class:`ProgrammePlace`)."""

    name = models.CharField(max_length=200, unique=True)
    provider = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)],
                                                help_text="The most places held at any one time")
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(capacity__gte=1), name="programme_capacity_positive")]

    def __str__(self):
        return self.name


class ProgrammePlace(MembershipRecord):
    """A cohort member's place on a programme, from ``started_on`` until it is released (``ended_on``).
    Open places count against the programme's capacity (``services.place_take`` enforces it)."""

    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="places")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="places")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme__name", "-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "programme"], condition=models.Q(ended_on__isnull=True),
                                    name="programme_place_open_once"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")),
                                   name="programme_place_ends_after_start"),
        ]

    def __str__(self):
        return f"Place on {self.programme} from {self.started_on:%d %b %Y}"


# --- needs, interventions, ETE ------------------------------------------------------------------

#: The reducing-reoffending pathways (Home Office, "Reducing Re-offending National Action Plan", 2004),
#: one field of :class:`NeedsAssessment` each. The plan has seven pathways with drugs and alcohol as one;
#: they are scored apart here, as services for each differ.
PATHWAYS: list[tuple[str, str]] = [
    ("accommodation", "Accommodation"),
    ("ete", "Education, training and employment"),
    ("health", "Health"),
    ("drugs", "Drugs"),
    ("alcohol", "Alcohol"),
    ("finance", "Finance, benefit and debt"),
    ("family", "Children and families"),
    ("attitudes", "Attitudes, thinking and behaviour"),
]


class NeedScore(models.IntegerChoices):
    """How much of a need a pathway is, as the case manager judges it with the person. Four steps, so that
    a review can show movement a two-step (need / no need) scale hides; the lower the better.

    0 no need; 1 some need, not linked to offending or being met; 2 a need linked to offending, to work on
    in the plan; 3 a severe or urgent need (e.g. street homeless, dependent use), to act on now."""

    NONE = 0, "0: no need"
    SOME = 1, "1: some need, not linked to offending"
    LINKED = 2, "2: need linked to offending"
    SEVERE = 3, "3: severe or urgent need"


#: a need of 2 or more is one the sentence plan works on
NEED_THRESHOLD = 2
#: members are reviewed at least every 13 weeks (a quarter), the cycle of the IOM panel and the plan's
#: quarterly reports
REVIEW_EVERY_DAYS = 91


class AssessmentKind(models.TextChoices):
    START = "start", "At the start"
    REVIEW = "review", "Review"


def _score_field(label: str):
    return models.PositiveSmallIntegerField(label, choices=NeedScore.choices, null=True, blank=True)


class NeedsAssessment(MembershipRecord):
    """The member's needs on one day, a score per pathway (blank: not assessed this time)."""

    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="needs")
    assessed_on = models.DateField()
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    accommodation = _score_field("Accommodation")
    ete = _score_field("Education, training and employment")
    health = _score_field("Health")
    drugs = _score_field("Drugs")
    alcohol = _score_field("Alcohol")
    finance = _score_field("Finance, benefit and debt")
    family = _score_field("Children and families")
    attitudes = _score_field("Attitudes, thinking and behaviour")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["membership", "assessed_on", "pk"]
        indexes = [models.Index(fields=["membership", "assessed_on"], name="needs_membership_date")]

    def __str__(self):
        return f"Needs {self.get_kind_display().lower()}, {self.assessed_on:%d %b %Y}"

    def scores(self) -> dict[str, int | None]:
        return {code: getattr(self, code) for code, _ in PATHWAYS}

    def needs(self) -> list[str]:
        """The pathways scored at or above the threshold."""
        return [label for code, label in PATHWAYS
                if getattr(self, code) is not None and getattr(self, code) >= NEED_THRESHOLD]


class InterventionOutcome(models.TextChoices):
    REFERRED = "referred", "Referred: waiting"
    ACCEPTED = "accepted", "Accepted by the service"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    DROPPED_OUT = "dropped_out", "Dropped out"
    DECLINED = "declined", "Declined by the person"
    NOT_ELIGIBLE = "not_eligible", "Not accepted by the service"


class Intervention(MembershipRecord):
    """A referral of a member to a service, and what came of it.

    The service is recorded by name and provider, as they were when referred. A service found in the
    directory (Open Referral UK) is also linked by ``directory_service``; its name and provider are copied
    here, so old referrals keep reading as they were and a service leaving the directory loses no history.
    A service not in the directory is typed in and has no link. The link gives the directory's provider no
    sight of the referral: this is ``offender`` data, seen only as the membership is.
    """

    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="interventions")
    service_name = models.CharField("Service", max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    directory_service = models.ForeignKey("directory.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="offender_referrals")
    pathway = models.CharField(max_length=15, choices=PATHWAYS, blank=True, help_text="The need it addresses")
    referred_on = models.DateField()
    outcome = models.CharField(max_length=15, choices=InterventionOutcome.choices,
                               default=InterventionOutcome.REFERRED)
    outcome_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["membership", "-referred_on", "-pk"]

    def __str__(self):
        return f"Referral to {self.service_name}, {self.referred_on:%d %b %Y}"


class EteStatus(models.TextChoices):
    EDUCATION = "education", "In education"
    TRAINING = "training", "In training"
    EMPLOYMENT = "employment", "In employment"
    NONE = "none", "Not in education, training or employment"


IN_ETE = (EteStatus.EDUCATION, EteStatus.TRAINING, EteStatus.EMPLOYMENT)


class EteRecord(MembershipRecord):
    """The member's education, training or employment status from ``since`` until the next record."""

    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="ete")
    status = models.CharField(max_length=12, choices=EteStatus.choices)
    since = models.DateField()
    detail = models.CharField(max_length=200, blank=True, help_text="e.g. the course or employer")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["membership", "since", "pk"]
        indexes = [models.Index(fields=["membership", "since"], name="ete_membership_since")]

    def __str__(self):
        return f"{self.get_status_display()} from {self.since:%d %b %Y}"


# --- panel meetings ------------------------------------------------------------------------------

class PanelKind(models.TextChoices):
    IOM = "iom", "IOM panel"
    MAPPA = "mappa", "MAPPA meeting"
    GANGS = "gangs", "Gangs panel (GMAP)"


class Panel(Tracked):
    """A case panel (IOM, MAPPA, gangs/GMAP) on one day.

    Not a ``meetings.Meeting``: a meeting's record is read by every agency that sits on it and may carry
    minutes, whereas a panel discusses named people. So the panel itself holds only what is not personal
    (kind, date, place, attendance by agency), and each person discussed is a :class:`PanelCase` on their
    membership, seen only by those who may see the membership. Attendance uses the meetings app's
    statuses, so attendance by agency reads the same for panels and partnership meetings.
    """

    kind = models.CharField(max_length=10, choices=PanelKind.choices)
    held_on = models.DateField("Date")
    place = models.CharField(max_length=200, blank=True)
    chair_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kind", "held_on"], name="panel_kind_date")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%-d %B %Y}"


class PanelAttendance(Tracked):
    """One agency's place at a panel (statuses of ``meetings.AttendanceStatus``)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED)
    attendee = models.CharField(max_length=200, blank=True, help_text="Name and role of who attended")

    class Meta:
        ordering = ["panel", "agency__short_name"]
        constraints = [models.UniqueConstraint(fields=["panel", "agency"], name="panel_attendance_once")]

    def __str__(self):
        return f"{self.agency} at {self.panel}: {self.get_status_display()}"


class PanelCase(MembershipRecord):
    """A member discussed at a panel, with what was said."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="cases")
    membership = models.ForeignKey(CohortMembership, on_delete=models.PROTECT, related_name="panel_cases")
    discussion = models.TextField(blank=True)

    class Meta:
        ordering = ["panel", "pk"]
        constraints = [models.UniqueConstraint(fields=["panel", "membership"], name="panel_case_once")]

    def __str__(self):
        return f"Discussed at the {self.panel}"


class PanelAction(MembershipRecord):
    """An action a panel gives an agency's named officer about a member (statuses of
    ``meetings.ActionStatus``)."""

    CATEGORY_FIELD = "case__membership__data_category"
    MEMBERSHIP = "case__membership"

    case = models.ForeignKey(PanelCase, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    action_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    action_owner = models.CharField("Owner", max_length=200, help_text="Name and role of who does it")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text[:80]


class OffenceOutcome(models.TextChoices):
    """What came of an offence, as a police or court extract records it (Home Office crime outcomes
    framework for the police's outcomes; the court's sentence for convictions)."""

    CHARGED = "charged", "Charged or summonsed"
    CAUTION = "caution", "Caution (adult or youth)"
    COMMUNITY_RESOLUTION = "resolution", "Community resolution"
    CUSTODY = "custody", "Convicted: custodial sentence"
    COMMUNITY_SENTENCE = "community", "Convicted: community sentence"
    CONVICTED = "convicted", "Convicted: other sentence (fine, discharge)"
    NO_FURTHER_ACTION = "nfa", "No further action"
    PENDING = "pending", "Awaiting outcome"


#: Outcomes that prove an offence in the Ministry of Justice's proven re-offending measure: a caution
#: or a court conviction (community resolutions are not counted).
PROVEN = frozenset({OffenceOutcome.CAUTION, OffenceOutcome.CUSTODY, OffenceOutcome.COMMUNITY_SENTENCE,
                    OffenceOutcome.CONVICTED})
#: Outcomes that count as a charge for the charge rate (Home Office outcome type 1, charged or
#: summonsed; a conviction followed one).
CHARGED = frozenset({OffenceOutcome.CHARGED, OffenceOutcome.CUSTODY, OffenceOutcome.COMMUNITY_SENTENCE,
                     OffenceOutcome.CONVICTED})


class Offence(Protected):
    """An offence in a person's offending history, from a police or court extract (offenders.offending)."""

    DATA_CATEGORY = "offender"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="offences")
    reference = models.CharField(max_length=60, help_text="The extract's own reference for the offence")
    offence_on = models.DateField("Offence date")
    offence = models.CharField(max_length=200, help_text="The offence, or its police.uk crime type")
    outcome = models.CharField(max_length=12, choices=OffenceOutcome.choices)
    outcome_on = models.DateField("Outcome date", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["person", "offence_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner_agency", "reference"], name="offence_reference_per_agency"),
            models.CheckConstraint(condition=models.Q(outcome_on__isnull=True)
                                   | models.Q(outcome_on__gte=models.F("offence_on")),
                                   name="offence_outcome_after_offence"),
        ]

    def __str__(self):
        return f"{self.offence} on {self.offence_on:%d %b %Y}"

    @property
    def proven_on(self):
        """The date the offence was proven (caution or conviction), or None."""
        return self.outcome_on if self.outcome in PROVEN else None


# The gangs cohort's models and the exports registry, kept in their own module and loaded with these.
from saferplaces.offenders.models_gangs import (  # noqa: E402, F401
    ExportItem,
    ExportRecord,
    GangsActivation,
    GangsDocument,
    GangsMark,
    GangsRemoval,
)
