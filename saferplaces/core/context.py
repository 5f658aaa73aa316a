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


@contextmanager
def acting_as(actor):
    """Attribute every change made inside the block to ``actor`` (commands, tasks, services)."""
    token = current_actor.set(actor)
    try:
        yield
    finally:
        current_actor.reset(token)
