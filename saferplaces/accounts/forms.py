from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from saferplaces.accounts.models import Agency, User
from saferplaces.core.forms import GovUKForm, GovUKFormMixin, GovUKModelForm


class SignInForm(GovUKFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct user name and password. After 5 failed attempts, signing in from here is paused "
            "for 15 minutes."
        ),
        "inactive": "This account is disabled.",
    }


class UserCreateForm(GovUKModelForm):
    password = forms.CharField(widget=forms.PasswordInput, label="Temporary password", strip=False)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "agency", "role", "job_title"]

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            candidate = User(username=data.get("username", ""), email=data.get("email", ""),
                             first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AgencyForm(GovUKModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "active"]


class SecondFactorCodeForm(GovUKForm):
    """The code at sign-in: six digits from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label="Security code", max_length=20, strip=True,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                      "class": "govuk-input--width-10"}),
    )


class EnrolCodeForm(GovUKForm):
    code = forms.CharField(
        label="Security code", max_length=10, strip=True,
        help_text="The 6-digit code your authenticator app shows for Safer Places.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "class": "govuk-input--width-5"}),
    )
