"""The base of every record whose changes are kept: subclass :class:`Tracked`.

It lives in core, the lowest layer, so that any app (agencies included) can be tracked; the signal
receivers that write the history live in ``saferplaces.audit.history``.
"""

from django.db import models


class Tracked(models.Model):
    """Abstract base for records whose every change is kept in the audit history."""

    class Meta:
        abstract = True

    def history_fields(self) -> frozenset[str] | None:
        """The fields (attribute names) whose values the history may keep for this record; None keeps
        every field. A record that must leave nothing personal behind once erased (a gangs-cohort
        membership, ``offenders.gangs``) names its identifiers only: the history still says who
        changed which record when, never what it said."""
        return None
