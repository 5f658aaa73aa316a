"""MARAC meetings: the case list, each agency's research, the actions agreed and who attended.

Every record here is of the data category ``marac`` (``policy/categories.py``): an agency sees it
only when it holds it, when an active agreement covering ``marac`` makes it a party with the holder,
under a grant, or when it is on the meeting's attendance list (the association declared in
``policy/associations.py``). A housing partner whose agreement covers victims but not MARAC sees
nothing of the meetings.

The referral itself (``victims.Referral``, with the DASH answers) stays a *victim* record: the case
keeps the DASH score it was referred with, and the answers, ``domestic_abuse`` data, are shown only to
those who may see the referral and whose relationship covers that category too (docs/categories.md).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.policy.models import Protected


class MaracMeeting(Protected):
    """One MARAC meeting, held (recorded) by the coordinating agency."""

    DATA_CATEGORY = "marac"

    held_on = models.DateField("Date")
    chair = models.CharField(max_length=120, help_text="Name and role of the chair")
    location = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "MARAC meeting"

    def __str__(self):
        return f"MARAC meeting on {self.held_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("marac:meeting_detail", kwargs={"pk": self.pk})


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", "Under 16"
    AGE_16_17 = "16_17", "16 to 17"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_44 = "35_44", "35 to 44"
    AGE_45_54 = "45_54", "45 to 54"
    AGE_55_64 = "55_64", "55 to 64"
    AGE_65 = "65_plus", "65 or over"
    UNKNOWN = "unknown", "Not known"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary or another gender"
    UNKNOWN = "unknown", "Not known"


class Ethnicity(models.TextChoices):
    """The 2021 Census's high-level groups; SafeLives reports the share from Black and minoritised groups."""

    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_OTHER = "white_other", "White: any other White background (Irish, Gypsy or Irish Traveller, Roma, other)"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    UNKNOWN = "unknown", "Not known"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Orientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    UNKNOWN = "unknown", "Not known"


class Criterion(models.TextChoices):
    """Why the case met the MARAC threshold (SafeLives' three referral criteria)."""

    VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk (14 or more on the DASH checklist)"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    ESCALATION = "escalation", "Potential escalation (repeat incidents)"


class MaracCase(Protected):
    """A MARAC referral heard at a meeting, with the fields SafeLives' quarterly Marac data asks for.

    ``repeat`` is worked out when the case is added, by SafeLives' definition
    (:mod:`saferplaces.victims.marac`): the same person was referred to MARAC within the 12 months
    before this referral.
    """

    DATA_CATEGORY = "marac"

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="cases")
    referral = models.ForeignKey("victims.Referral", on_delete=models.PROTECT, related_name="marac_cases")
    victim_name = models.CharField(max_length=200, help_text="As circulated on the meeting's case list")
    perpetrator_name = models.CharField(max_length=200, blank=True)
    repeat = models.BooleanField(default=False)
    previous_referral_on = models.DateField(null=True, blank=True,
                                            help_text="The person's last MARAC referral before this one")
    criterion = models.CharField(max_length=30, choices=Criterion.choices)
    dash_score = models.PositiveSmallIntegerField(null=True, blank=True)
    referring_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNKNOWN)
    transgender = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    ethnicity = models.CharField(max_length=15, choices=Ethnicity.choices, default=Ethnicity.UNKNOWN)
    disability = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    sexual_orientation = models.CharField(max_length=12, choices=Orientation.choices, default=Orientation.UNKNOWN)
    pregnant = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    children_in_household = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = "MARAC case"
        constraints = [models.UniqueConstraint(fields=["meeting", "referral"], name="marac_case_once_per_meeting")]

    def __str__(self):
        return f"MARAC case {self.pk} ({self.meeting})"

    def get_absolute_url(self):
        return reverse("marac:case_detail", kwargs={"pk": self.pk})


class Research(Protected):
    """What one agency found about a case before the meeting: held by that agency, one per agency."""

    DATA_CATEGORY = "marac"

    case = models.ForeignKey(MaracCase, on_delete=models.PROTECT, related_name="research")
    text = models.TextField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "owner_agency__short_name"]
        verbose_name = "MARAC research"
        verbose_name_plural = "MARAC research"
        constraints = [models.UniqueConstraint(fields=["case", "owner_agency"], name="marac_research_per_agency")]

    def __str__(self):
        return f"Research by {self.owner_agency} on case {self.case_id}"


class MaracAction(Protected):
    """An action agreed at the meeting: held by the agency that owns it, with a named owner if any."""

    DATA_CATEGORY = "marac"

    case = models.ForeignKey(MaracCase, on_delete=models.PROTECT, related_name="actions")
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    text = models.TextField()
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "MARAC action"

    def __str__(self):
        return f"Action for {self.owner_agency} due {self.due_on:%d %b %Y}"


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


#: Statuses that keep an agency on the meeting: it takes part in the meeting's cases (association).
TAKING_PART = [AttendanceStatus.EXPECTED, AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES]


class Attendance(Tracked):
    """One agency's place at a meeting. Read with its meeting (and only by those who may see it): it
    names agencies and roles, not victims."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED)
    attendee_role = models.CharField(max_length=120, blank=True, help_text="Role of the person who attended")

    class Meta:
        ordering = ["meeting", "agency__short_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="marac_attendance_once")]

    def __str__(self):
        return f"{self.agency} at {self.meeting}: {self.get_status_display()}"
