"""Password rule beyond Django's own validators: mixed character classes."""

import re

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """Require at least three of: lower-case, upper-case, digit, symbol (NCSC: length matters most,
    so this is a light extra alongside the 12-character minimum)."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password, user=None):
        if sum(bool(re.search(pattern, password)) for pattern in self.classes) < 3:
            raise ValidationError(
                "Your password must use at least three of: lower-case letters, capital letters, "
                "numbers and symbols.",
                code="password_too_simple",
            )

    def get_help_text(self):
        return "Use at least three of: lower-case letters, capital letters, numbers and symbols."
