"""Asking for the reason before personal data is shown, searched or exported.

The first view of a sensitive record in a session asks why; the answer is kept in the session for
that record, and every later view in the session is logged with the same reason.
"""

from __future__ import annotations

from django import forms

from saferplaces.audit.models import JustificationReason
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
