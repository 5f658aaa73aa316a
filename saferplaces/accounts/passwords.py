"""Password rule beyond Django's own validators: the guessable parts of a password do not count.

NCSC and OWASP ASVS ask for length and a check against what attackers try first, and no composition
rules. Attackers try the names around an account first (``Westminster2017``) and runs like ``1234``
or ``aaaa``; this validator measures what is left once those are taken out.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from saferplaces.accounts.models import Agency

# Characters people put in place of letters; a password is also checked with them read as letters.
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                             "!": "i", "|": "l"})
_WORD = re.compile(r"[a-z0-9]+")
_SHORTEST_WORD = 3


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) >= _SHORTEST_WORD}


def context_words(user=None) -> set[str]:
    """The partnership's, the service's, every agency's and the user's own names, as lower-case words."""
    words = _words(settings.PARTNERSHIP_NAME) | _words(settings.SERVICE_NAME)
    for name, short_name in Agency.objects.values_list("name", "short_name"):
        words |= _words(name) | _words(short_name)
    if user is not None:
        for attribute in ("username", "first_name", "last_name"):
            words |= _words(getattr(user, attribute, "") or "")
        agency = getattr(user, "agency", None) if getattr(user, "agency_id", None) else None
        if agency is not None:
            words |= _words(agency.name) | _words(agency.short_name)
    return words


def _without_runs(text: str) -> str:
    """Drop each character that continues a run of three or more repeated or consecutive characters."""
    kept = []
    for i, char in enumerate(text):
        if i >= 2:
            step = ord(char) - ord(text[i - 1])
            if step in (-1, 0, 1) and step == ord(text[i - 1]) - ord(text[i - 2]):
                continue
        kept.append(char)
    return "".join(kept)


def counted_length(password: str, words: set[str]) -> int:
    """How many characters of ``password`` remain once context words and runs are taken out."""
    lengths = []
    for reading in (password.lower(), password.lower().translate(_LOOKALIKES)):
        rest = reading
        for word in sorted(words, key=len, reverse=True):
            rest = rest.replace(word, "")
        lengths.append(len(_without_runs(rest)))
    return min(lengths)


class GuessablePartsValidator:
    """Refuse a password whose length comes from names (of the partnership, the agencies and the user)
    and runs such as ``1234`` or ``aaaa``: what is left must still be ``min_length`` characters."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password, user=None):
        if counted_length(password, context_words(user)) < self.min_length:
            raise ValidationError(
                "Your password is mostly names or runs of characters. Names of the partnership, agencies "
                "and you, and runs like 1234 or aaaa, do not count towards the %(min_length)d characters.",
                code="password_guessable",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return (f"Names of the partnership, agencies and you, and runs like 1234 or aaaa, do not count "
                f"towards the {self.min_length} characters.")
