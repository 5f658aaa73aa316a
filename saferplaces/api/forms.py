import datetime as dt

from django import forms

from saferplaces.core.forms import GovUKForm
from saferplaces.policy.categories import CATEGORIES, RESTRICTED

#: choice → how long the old tokens stay valid after a rotation
GRACE = {"0": dt.timedelta(0), "1h": dt.timedelta(hours=1), "1d": dt.timedelta(days=1), "7d": dt.timedelta(days=7)}


class AccountForm(GovUKForm):
    name = forms.CharField(max_length=100, label="Name of the partner system",
                           help_text="For example \"Police records management system feed\"")
    categories = forms.MultipleChoiceField(
        choices=[(code, label) for code, label in CATEGORIES.items() if code not in RESTRICTED],
        widget=forms.CheckboxSelectMultiple, required=False, label="Data categories it may push and read",
        help_text="It uses a category only while an active information-sharing agreement of your agency "
                  "covers it.")
    directory = forms.BooleanField(required=False, label="It may keep your agency's directory entries")


class RotateForm(GovUKForm):
    grace = forms.ChoiceField(
        choices=[("0", "Stop the old token now"), ("1h", "Keep the old token for 1 hour"),
                 ("1d", "Keep the old token for 1 day"), ("7d", "Keep the old token for 7 days")],
        widget=forms.RadioSelect, label="The old token", error_messages={"required": "Select when the old token stops"})
