"""The second factor: a time-based one-time password (RFC 6238) from an authenticator app, with
single-use recovery codes for when the app is lost. django-otp keeps the devices, checks codes,
slows down repeated wrong codes and records in the session which device verified the user.

``SAFERPLACES_REQUIRE_2FA`` (on unless a deployment sits behind the partnership's single sign-on)
sends every user without a device to enrolment after their password. Whatever the setting, a user
who has enrolled must give a code at every sign-in.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferplaces.core.context import acting_as

RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


def has_second_factor(user) -> bool:
    return django_otp.user_has_device(user)


def pending_device(user) -> TOTPDevice:
    """The user's not yet confirmed authenticator: made on the first visit to enrolment, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base 32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth URI as an SVG QR code (paths only: no script, no style, no text)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def second_factor_confirm(*, actor, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``actor``'s pending authenticator with a code from it; return new recovery codes, or None
    if the code is wrong. Replaces any earlier devices of the actor."""
    if device.user_id != actor.pk or not device.verify_token(code.strip().replace(" ", "")):
        return None
    with acting_as(actor):
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        return recovery_codes_renew(actor=actor)


@transaction.atomic
def recovery_codes_renew(*, actor) -> list[str]:
    """Replace ``actor``'s recovery codes with :data:`RECOVERY_CODES` new ones; only the caller sees them."""
    StaticDevice.objects.filter(user=actor).delete()
    device = StaticDevice.objects.create(user=actor, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(request, code: str) -> bool:
    """Check a code from the user's authenticator or one of their recovery codes (used up on success);
    on success the session records the device, which is what lets the user past the verify step."""
    device = django_otp.match_token(request.user, code.strip().replace(" ", "").lower())
    if device is None:
        return False
    django_otp.login(request, device)
    return True
