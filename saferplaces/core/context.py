"""Who is acting and in which request: set once per request (by the audit middleware) or by a service,
and read by the change history and the access log. In core so that every layer may set it."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

current_actor: contextvars.ContextVar = contextvars.ContextVar("current_actor", default=None)
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("current_request_id", default="")
# What the client said its request id was: kept beside the server's, never instead of it.
current_client_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("current_client_request_id",
                                                                                default="")
# Why the changes being made are made: a correction of personal data must say why (UK GDPR art. 16 and
# DPA 2018 s.46 rectification is accountable, art. 5(2)); kept on each change record written meanwhile.
current_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_reason", default=None)


@contextmanager
def acting_as(actor, reason: str | None = None):
    """Attribute every change made inside the block to ``actor`` (commands, tasks, services), and,
    when ``reason`` is given, record it with each change as the reason for it. A nested block without
    a reason keeps the enclosing block's."""
    token = current_actor.set(actor)
    reason_token = current_reason.set(reason.strip() or None) if reason is not None else None
    try:
        yield
    finally:
        if reason_token is not None:
            current_reason.reset(reason_token)
        current_actor.reset(token)
