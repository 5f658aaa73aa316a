from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

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
    # Set when an administrator chose the password: the user must choose their own before anything else.
    must_change_password = models.BooleanField(default=False)
    # When an administrator last reactivated the account: dormancy counts from here as from a sign-in.
    reactivated_at = models.DateTimeField(null=True, blank=True)

    REQUIRED_FIELDS = ["email", "agency", "role"]

    class Meta:
        ordering = ["username"]

    def has_role_permission(self, permission: str) -> bool:
        return self.is_authenticated and self.is_active and has_permission(self.role, permission)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AccountChangeKind(models.TextChoices):
    CREATE = "create", "Account created"
    ROLE_CHANGE = "role_change", "Role changed"
    DEACTIVATE = "deactivate", "Deactivated"
    REACTIVATE = "reactivate", "Reactivated"
    UNLOCK = "unlock", "Unlocked"
    PASSWORD_RESET = "password_reset", "Password reset by an administrator"
    PASSWORD_CHANGE = "password_change", "Password changed by its user"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset by an administrator"


class AccountChange(Tracked):
    """One change to a user account, with who made it and why.

    Being ``Tracked``, each row is also written to the change history (which names the actor), so the
    reason sits in the append-only audit trail; the user row itself is not tracked because its snapshot
    would copy the password hash into the history.
    """

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Empty for the daily dormant-account check")
    kind = models.CharField(max_length=20, choices=AccountChangeKind.choices)
    reason = models.TextField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.user_id}"
