from django.contrib.auth.models import AbstractUser
from django.db import models

from saferplaces.accounts.roles import Role, has_permission
from saferplaces.core.tracked import Tracked


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PROBATION = "probation", "Probation"
    REHABILITATION_COMPANY = "rehabilitation_company", "Community rehabilitation company"
    FIRE = "fire", "Fire and rescue"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing provider"
    VICTIM_SERVICE = "victim_service", "Victim service"
    VOLUNTARY = "voluntary", "Voluntary sector"
    PCC = "pcc", "Police and crime commissioner"


class Agency(Tracked):
    """A partner organisation. Every user and every record belongs to exactly one."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class User(AbstractUser):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)

    REQUIRED_FIELDS = ["email", "agency", "role"]

    class Meta:
        ordering = ["username"]

    def has_role_permission(self, permission: str) -> bool:
        return self.is_authenticated and self.is_active and has_permission(self.role, permission)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class SignInUnlock(Tracked):
    """The end of a sign-in throttle: by an administrator (who, and why) or by its cool-off running out.

    Kept so that the change history shows every unlock; the throttle itself lives in django-axes' tables.
    """

    at = models.DateTimeField(auto_now_add=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    unlocked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} unlocked: {self.reason}"
