"""API tokens: a 32-byte random secret, shown once, kept as its SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "sp_"


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
