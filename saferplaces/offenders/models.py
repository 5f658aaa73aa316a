from django.db import models
from django.utils import timezone

from saferplaces.core.notes import Note
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
    # Gangs-cohort memberships are their own data category (offenders.gangs); set from the cohort on save.
    data_category = models.CharField(max_length=20, default="offender", editable=False)
    CATEGORY_FIELD = "data_category"

    class Meta:
        ordering = ["cohort", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")),
                                   name="membership_ends_after_start"),
        ]

    def __str__(self):
        if self.cohort == Cohort.GANGS:  # this label reaches the access log, which a removal does not erase
            return f"Gangs cohort membership {self.pk}"
        return f"{self.get_cohort_display()} from {self.started_on:%d %b %Y}"

    def active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def save(self, *args, **kwargs):
        self.data_category = "gangs" if self.cohort == Cohort.GANGS else "offender"
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

# The gangs cohort's models and the exports registry, kept in their own module and loaded with these.
from saferplaces.offenders.models_gangs import (  # noqa: E402, F401
    ExportItem,
    ExportRecord,
    GangsActivation,
    GangsDocument,
    GangsMark,
    GangsRemoval,
)
