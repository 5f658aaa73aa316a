"""System accounts of partner systems, their tokens, idempotency keys and rate-limit windows.

A :class:`SystemAccount` acts through its own :class:`~saferplaces.accounts.models.User` (role
``partner_system``, no usable password) of the partner's agency, so that policy, the domain services
and the change history treat its pushes like a member of that agency's. A token is shown once; only its
SHA-256 digest is kept (a 32-byte random secret needs no slow hash: it cannot be guessed from a list).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SystemAccount(models.Model):
    name = models.CharField(max_length=100, help_text="The partner system, for example \"Police RMS feed\"")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="system_account")
    #: the data categories its pushes and reads may be of; each must also be covered by an active
    #: information-sharing agreement of its agency when it is used (``saferplaces.api.auth``)
    categories = models.JSONField(default=list)
    #: may it keep its agency's directory entries (not personal data: no agreement is asked)
    directory = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="api_account_name_unique")]

    def __str__(self):
        return self.name


class TokenQuerySet(models.QuerySet):
    def valid(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))


class ApiToken(models.Model):
    account = models.ForeignKey(SystemAccount, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, hex")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to tell tokens apart")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    #: set when the token was replaced by a rotation with a grace period: valid until then
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prefix}… of {self.account}"

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)


class IdempotentRequest(models.Model):
    """A write sent with an ``Idempotency-Key``: its request's fingerprint and the response given, which
    a retry with the same key gets again."""

    account = models.ForeignKey(SystemAccount, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="api_idempotency_key_unique")]

    def __str__(self):
        return f"Idempotency-Key {self.key} of {self.account_id}"


class RateWindow(models.Model):
    """Requests of one account in one minute (the rate limit's fixed window)."""

    account = models.ForeignKey(SystemAccount, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "starts_at"], name="api_rate_window_unique")]

    def __str__(self):
        return f"{self.count} requests of {self.account_id} from {self.starts_at:%H:%M}"


class PushedRecord(models.Model):
    """A record a system account created through the API: what its GETs and updates may reach."""

    account = models.ForeignKey(SystemAccount, on_delete=models.CASCADE, related_name="pushed")
    kind = models.CharField(max_length=30)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "kind", "object_id"], name="api_pushed_unique")]

    def __str__(self):
        return f"{self.kind} {self.object_id} pushed by {self.account_id}"
