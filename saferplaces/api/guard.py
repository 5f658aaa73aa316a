"""What every partner API request goes through: the token, the rate limit, the account's categories,
the audit log and idempotency keys.

* **Token** (``Authorization: Bearer sp_...``): its SHA-256 digest must be a token of an active account
  that is neither revoked nor past the end of its rotation's grace period; else 401.
* **Rate limit**: at most ``settings.PARTNER_API["RATE_PER_MINUTE"]`` requests per account in each
  clock minute, counted in the database (every web process sees the same count); then 429 with
  ``Retry-After`` (the seconds to the next minute).
* **Categories**: a push or read of a data category needs the category among the account's *and*
  covered by an active information-sharing agreement of its agency (``policy.access.agreement_categories``);
  else 403 for the whole endpoint. One record the account did not push, or may no longer see, is 404.
* **Audit**: every read and write is an access event of the account's user (``audit.services.access_record``)
  naming the system account; changes are made by the domain services under ``acting_as`` that user.
* **Idempotency-Key**: a write with a key stores the key, a SHA-256 of its method, path and body, and its
  response; a retry with the same key and request gets that response again (nothing is written twice);
  the same key with a different request is refused with **422** (the key is spent; nothing is written).
  A stored response answers retries for ``settings.PARTNER_API["IDEMPOTENCY_HOURS"]``; then it is deleted
  (the account's expired keys go whenever it sends a key), so the table holds a day's writes, not years'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from saferplaces.api.models import ApiToken, IdempotentRequest, PushedRecord, RateWindow, SystemAccount
from saferplaces.api.tokens import token_digest
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.policy import access


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("Too many requests")
        self.retry_after = retry_after


def _rate(account: SystemAccount, now: dt.datetime) -> None:
    start = now.replace(second=0, microsecond=0)
    windows = RateWindow.objects.filter(account=account, starts_at=start)
    if not windows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateWindow.objects.create(account=account, starts_at=start, count=1)
            RateWindow.objects.filter(account=account, starts_at__lt=start).delete()
        except IntegrityError:  # another request of the same account opened the window first
            windows.update(count=F("count") + 1)
    count = windows.values_list("count", flat=True).first() or 0
    if count > settings.PARTNER_API["RATE_PER_MINUTE"]:
        raise RateLimited(retry_after=max(1, 60 - now.second))


class TokenAuth(HttpBearer):
    """The bearer token of a system account; the account is ``request.auth``."""

    def authenticate(self, request, token):
        now = timezone.now()
        found = (ApiToken.objects.valid(now).select_related("account__user", "account__agency")
                 .filter(digest=token_digest(token), account__active=True, account__user__is_active=True).first())
        if found is None:
            return None
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        _rate(found.account, now)
        return found.account


def require_category(account: SystemAccount, category: str) -> None:
    """403 unless the account may push and read ``category`` (``directory``: its directory flag)."""
    if not account.user.has_role_permission("api.push"):
        raise HttpError(403, "This account may not use the partner API")
    if category == "directory":
        allowed = account.directory
    else:
        allowed = category in account.categories and category in access.agreement_categories(account.user)
    if not allowed:
        raise HttpError(403, f"This account may not push or read {category} records: its agency's "
                             "information-sharing agreements or its own categories do not cover them")


def audit(request, account: SystemAccount, *, action: str, record, kind: str) -> None:
    access_record(actor=account.user, action=action, reason="", record=record,
                  justification=f"Partner system {account.name} (system account {account.pk}) through the partner API",
                  path=request.path[:500],
                  detail={"system_account": account.pk, "system": account.name, "method": request.method,
                          "kind": kind, "idempotency_key": request.headers.get("Idempotency-Key", "")[:255]})


def pushed(account: SystemAccount, kind: str, pk) -> None:
    """404 unless ``account`` pushed the record (its GETs and updates reach only those)."""
    if not PushedRecord.objects.filter(account=account, kind=kind, object_id=str(pk)).exists():
        raise HttpError(404, "Not found")


def record_push(request, account: SystemAccount, kind: str, record) -> None:
    PushedRecord.objects.get_or_create(account=account, kind=kind, object_id=str(record.pk))
    audit(request, account, action=AccessAction.PUSH, record=record, kind=kind)


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def idempotent(request, account: SystemAccount, write: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """Run ``write`` (it returns the status and JSON body) once per ``Idempotency-Key``."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return write()
    if not 1 <= len(key) <= 255:
        raise HttpError(422, "An Idempotency-Key has 1 to 255 characters")
    fingerprint = _fingerprint(request)
    expired = timezone.now() - dt.timedelta(hours=settings.PARTNER_API["IDEMPOTENCY_HOURS"])
    IdempotentRequest.objects.filter(account=account, created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            stored = IdempotentRequest.objects.filter(account=account, key=key).first()
            if stored is None:
                status, body = write()
                IdempotentRequest.objects.create(account=account, key=key, request_hash=fingerprint,
                                                 status=status, response=body)
                return status, body
    except IntegrityError:  # the same key's first request finished meanwhile: this write is undone
        stored = IdempotentRequest.objects.get(account=account, key=key)
    if stored.request_hash != fingerprint:
        raise HttpError(422, "This Idempotency-Key was used for a different request")
    return stored.status, stored.response
