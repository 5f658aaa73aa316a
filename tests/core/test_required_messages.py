"""Every required field of every form says what to enter when it is left empty, never Django's
"This field is required." (WCAG 2.2 3.3.1 and 3.3.3; the error summary repeats it as link text, 2.4.4)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import saferplaces
from saferplaces.contest.models_prepare import Lesson, ResiliencePlan
from saferplaces.core.forms import DJANGO_REQUIRED, GovUKForm, GovUKFormMixin, required_message
from saferplaces.core.models import ColumnMapping
from saferplaces.insights.models import AssessmentRun
from saferplaces.meetings.models import Kind, Meeting
from saferplaces.places.models import PriorityArea
from saferplaces.plans.models import Action
from saferplaces.victims.models import Referral
from tests.factories import UserFactory


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(saferplaces.__path__, "saferplaces."):
        engine = module.name.startswith(("saferplaces.evidence", "saferplaces.tabular"))  # no Django forms
        if not engine and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            model_form_without_model = hasattr(sub, "_meta") and sub._meta.model is None  # GovUKModelForm itself
            if sub.__module__.startswith("saferplaces.") and not model_form_without_model:
                found.add(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def _build(cls, user):
    """An instance of the form, given whatever its constructor insists on."""
    board = Meeting.objects.create(kind=Kind.BOARD, held_on=dt.date(2026, 1, 1), place="Council House")
    arguments = {"actor": user, "user": user, "referrals": Referral.objects.none(),
                 "meeting": board, "action": Action(), "periods": [],
                 "label": "File", "columns": [], "runs": AssessmentRun.objects.none(),
                 "areas": PriorityArea.objects.none(),
                 "cohort": "iom",
                 # contest, Prepare
                 "agency": user.agency, "plans": ResiliencePlan.objects.none(), "lessons": Lesson.objects.none(),
                 "duties": [], "officer": user, "candidates": [],
                 # mapped imports: the agency's saved column mappings
                 "mappings": ColumnMapping.objects.none(), "header": ["Name", "Date"],
                 # retention: the kinds of record a legal hold may name
                 "kinds": [("asb.asbcase", "ASB case")]}
    needed = {name: arguments[name] for name, parameter in inspect.signature(cls.__init__).parameters.items()
              if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty}
    try:
        return cls(**needed)
    except TypeError:  # Django's password forms take the user as their first argument
        return cls(user, **needed)


@pytest.mark.django_db
def test_no_required_field_says_this_field_is_required():
    user = UserFactory()
    classes = _form_classes()
    assert len(classes) > 50
    offenders = []
    for cls in classes:
        form = _build(cls, user)
        for name, field in form.fields.items():
            if field.required and str(field.error_messages["required"]) == DJANGO_REQUIRED:
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == []


def test_every_form_is_a_govuk_form():
    """The derived messages come from the GOV.UK mixin: a form without it would fall back to Django's."""
    assert [c.__name__ for c in _form_classes() if not issubclass(c, GovUKFormMixin)] == []


@pytest.mark.parametrize(("field", "message"), [
    (forms.DateField(label="Start date"), "Enter the start date"),
    (forms.ChoiceField(label="Legal basis", choices=[("a", "A")]), "Select the legal basis"),
    (forms.ChoiceField(label="Role", choices=[("a", "A")], widget=forms.RadioSelect), "Select the role"),
    (forms.CharField(label="RAG rating"), "Enter the RAG rating"),
    (forms.FileField(label="CSV file"), "Select the CSV file"),
    (forms.BooleanField(label="I agree"), "Select “I agree”"),
])
def test_the_message_is_derived_from_the_label(field, message):
    assert required_message(field, "x") == message


def test_an_empty_form_reports_the_derived_messages():
    class Update(GovUKForm):
        date = forms.DateField(label="Date of the update")
        note = forms.CharField(required=False)

    form = Update(data={})
    assert form.errors == {"date": ["Enter the date of the update"]}
    assert forms.DateField(label="Again").error_messages["required"] == DJANGO_REQUIRED  # nothing leaked
