from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import Role
from saferplaces.accounts.selectors import agencies_to_staff
from saferplaces.accounts.services import may_create
from saferplaces.core.forms import GovUKForm, GovUKFormMixin, GovUKModelForm


class SignInForm(GovUKFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct user name and password. After 5 failed attempts, signing in from here is paused "
            "for 15 minutes."
        ),
        "inactive": "This account is disabled.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your user name"
        self.fields["password"].error_messages["required"] = "Enter your password"


def reason_field():
    return forms.CharField(label="Why are you making this change?", max_length=1000,
                           help_text="Kept in the change history with your name.",
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter why you are making this change"})


def _validate_password_for(form, field: str, user) -> None:
    password = form.cleaned_data.get(field)
    if password:
        try:
            validate_password(password, user)
        except forms.ValidationError as error:
            form.add_error(field, error)


class ReasonForm(GovUKForm):
    reason = reason_field()


class UserCreateForm(GovUKModelForm):
    password = forms.CharField(widget=forms.PasswordInput, label="Temporary password", strip=False,
                               help_text="They must choose their own password when they first sign in.")
    reason = reason_field()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "agency", "role", "job_title"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["agency"].queryset = agencies_to_staff(actor)
        self.fields["role"].choices = [("", "---------"), *PERSON_ROLES]
        self.fields["agency"].help_text = ("Your own agency, or a new agency that has no administrator yet "
                                           "(for its first administrator).")
        self.initial.setdefault("agency", actor.agency_id)

    def clean(self):
        data = super().clean()
        agency, role = data.get("agency"), data.get("role")
        if agency and role and not may_create(self.actor, agency=agency, role=role):
            self.add_error("role", f"You may only create the first administrator of {agency.short_name}.")
        candidate = User(username=data.get("username", ""), email=data.get("email", ""),
                         first_name=data.get("first_name", ""), last_name=data.get("last_name", ""),
                         agency=agency if isinstance(agency, Agency) else None)
        _validate_password_for(self, "password", candidate)
        return data


#: the roles a person's account may have: a partner system's comes with its system account (saferplaces.api)
PERSON_ROLES = [(value, label) for value, label in Role.choices if value != Role.PARTNER_SYSTEM]


class RoleForm(GovUKForm):
    role = forms.ChoiceField(choices=PERSON_ROLES, widget=forms.RadioSelect, label="New role")
    reason = reason_field()


class AdminPasswordForm(GovUKForm):
    """An administrator sets a temporary password for someone who cannot reset theirs by e-mail."""

    password = forms.CharField(widget=forms.PasswordInput, label="Temporary password", strip=False,
                               help_text="They must choose their own password when they next sign in.")
    reason = reason_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        _validate_password_for(self, "password", self.user)
        return data


class OwnPasswordMixin:
    """The user chose this password themselves: no forced change is pending any more."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = False
        if commit:
            user.save()
        return user


class NewPasswordMessagesMixin:
    """Django's password fields say only "This field is required."; these say what to enter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {"old_password": "Enter your current password", "new_password1": "Enter a new password",
                    "new_password2": "Enter the new password again"}
        for name, message in messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class PasswordChangeOwnForm(OwnPasswordMixin, NewPasswordMessagesMixin, GovUKFormMixin, PasswordChangeForm):
    pass


class PasswordSetOwnForm(OwnPasswordMixin, NewPasswordMessagesMixin, GovUKFormMixin, SetPasswordForm):
    pass


class PasswordResetRequestForm(GovUKFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"


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
