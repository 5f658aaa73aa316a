"""A limit on requests for password-reset links: ``PASSWORD_RESET_LIMIT`` an hour from one address and
for one e-mail address, so that nobody floods a colleague's inbox or the mail server. A request over the
limit is answered like any other (the page says a link is on its way if the address is known) but sends
nothing.

Requests are counted in Django's default cache. The local-memory cache (the default, see ``CACHES`` in
``config/settings.py``) counts per process: a deployment running several processes shares the limit
only with a shared cache (Redis or memcached).
"""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(kind: str, value: str) -> str:
    # Hashed: an e-mail address may hold characters a cache key must not, and keys stay short.
    return f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(key: str) -> int:
    """Count one more request under ``key`` in the current window (which starts at its first request)."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def reset_request_allowed(request, email: str) -> bool:
    """Count a reset request from ``request``'s address for ``email``; True while both are within the limit."""
    counts = [_count(_key("address", get_client_ip_address(request) or "")),
              _count(_key("email", email.strip().lower()))]
    return all(count <= settings.PASSWORD_RESET_LIMIT for count in counts)
