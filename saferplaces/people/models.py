from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.policy.models import Protected


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    OTHER = "X", "Other or not stated"


class Person(Protected):
    """One agency's record of a person. Linkage (later) connects records of the same person."""

    DATA_CATEGORY = "person"

    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    source_reference = models.CharField(
        max_length=60, blank=True, help_text="The owning agency's own reference for this person"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: when the record last changed: an incremental linkage run relinks the records changed since the last run
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["surname", "forename", "pk"]
        # The people list's sorts (people.views.PERSON_SORTS): each ends with the id.
        indexes = [models.Index(fields=["surname", "forename", "id"], name="people_person_name_idx"),
                   models.Index(fields=["date_of_birth", "id"], name="people_person_born_idx"),
                   models.Index(fields=["postcode", "id"], name="people_person_postcode_idx"),
                   # a whole name compared without case (``iexact``: a new ASB case's similar open cases)
                   models.Index(Upper("surname"), Upper("forename"), name="people_person_upper_name_idx")]

    def __str__(self):
        # A name typed as one word has no forename (see ``people.services.split_name``).
        return f"{self.forename} {self.surname}".strip()

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"pk": self.pk})


class LinkageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class LinkageStage(models.TextChoices):
    SCORE = "score", "Scoring the records"
    LINKS = "links", "Writing person keys"
    PAIRS = "pairs", "Writing pairs for review"
    DONE = "done", "Done"


class LinkageRun(Tracked):
    """One run of person linkage over every agency's person records (a partnership function)."""

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=LinkageStatus.choices, default=LinkageStatus.QUEUED)
    engine = models.CharField(max_length=60, blank=True)
    records = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0, help_text="Distinct people (clusters) found")
    linked_pairs = models.PositiveIntegerField(default=0)
    review_pairs = models.PositiveIntegerField(default=0)
    labels_applied = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Scale (people.linkage_run): a run relinks everyone (full) or only the records new or changed since
    # the last run; the engine's result is kept in a work folder, then written in committed batches, so
    # a run that stops part-way continues where it stopped.
    full = models.BooleanField(default=True, help_text="Relink every record (else only new and changed ones)")
    snapshot_at = models.DateTimeField(null=True, blank=True,
                                       help_text="When the records were read: later changes are for the next run")
    stage = models.CharField(max_length=10, choices=LinkageStage.choices, default=LinkageStage.SCORE)
    relinked = models.PositiveIntegerField(default=0, help_text="Records relinked (all of them in a full run)")
    links_written = models.PositiveIntegerField(default=0)
    pairs_written = models.PositiveIntegerField(default=0)
    result_path = models.CharField(max_length=500, blank=True)
    saved_model = models.JSONField(default=dict, blank=True,
                                   help_text="The engine's model (parameters), reused by incremental runs")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Linkage run {self.pk} ({self.get_status_display()})"


class PersonLink(Tracked):
    """The stable person id (cluster) a linkage run gave a person record. Records with the same
    ``person_key`` are taken to be the same person across agencies."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="link")
    person_key = models.CharField(max_length=20, db_index=True)
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"{self.person_id} → {self.person_key}"


class PairStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    SAME = "same", "Confirmed: same person"
    DIFFERENT = "different", "Rejected: different people"


class CandidatePair(Tracked):
    """A pair of person records the linkage could not decide: it waits for clerical review."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=dict, help_text="How each compared field agreed")
    status = models.CharField(max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        # The review queue reads one run's pending pairs, most likely first (people.linkage_views).
        indexes = [models.Index(fields=["run", "status", "probability", "id"], name="people_pair_queue_idx")]


class ClericalLabel(Tracked):
    """A caseworker's decision on a pair of records: respected by every later linkage run."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    same_person = models.BooleanField()
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_label_per_pair"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="label_pair_ordered"),
        ]
