"""Asking for the reason before personal data is shown, searched or exported.

The first view of a sensitive record in a session asks why; the answer is kept in the session for
that record, and every later view in the session is logged with the same reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms

from saferplaces.audit.models import AccessAction, AccessEvent, JustificationReason
from saferplaces.core.forms import GovUKForm

_SESSION_KEY = "justifications"


class JustificationForm(GovUKForm):
    reason = forms.ChoiceField(
        label="Reason",
        # The relationship is recorded by the gate, never chosen: a user cannot claim it.
        choices=[(value, label) for value, label in JustificationReason.choices
                 if value != JustificationReason.RELATIONSHIP],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to see this"},
    )
    justification = forms.CharField(
        label="More detail",
        help_text="For example the case, meeting or request this is for. Required if you chose Other.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == JustificationReason.OTHER and not data.get("justification", "").strip():
            self.add_error("justification", "Explain why you need to see this")
        return data


def record_key(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def remembered(session, key: str) -> dict | None:
    return session.get(_SESSION_KEY, {}).get(key)


def remember(session, key: str, cleaned: dict) -> None:
    stored = dict(session.get(_SESSION_KEY, {}))
    stored[key] = {"reason": cleaned["reason"], "justification": cleaned.get("justification", "")}
    session[_SESSION_KEY] = stored


def earlier_reason(actor, since: float | None) -> dict | None:
    """The reason the actor last gave themselves (for a search, an export or another record) since
    ``since`` (a Unix time: when this session signed in), to offer again instead of asking afresh
    (WCAG 2.2 success criterion 3.3.7, Redundant Entry). None when they have given none.

    Read from the access log, which every search, export and view writes with its reason, so no page
    has to remember it separately; a reason the gate worked out from a relationship is not the
    actor's own answer and is never offered."""
    if since is None:
        return None
    event = (AccessEvent.objects.filter(actor=actor, at__gte=datetime.fromtimestamp(since, UTC),
                                        action__in=[AccessAction.SEARCH, AccessAction.EXPORT, AccessAction.VIEW])
             .exclude(reason__in=[JustificationReason.RELATIONSHIP, ""])
             .order_by("-at", "-id").values("reason", "justification", "action", "at").first())
    return event
