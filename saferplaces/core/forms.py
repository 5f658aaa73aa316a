"""Forms styled with GOV.UK Frontend: render with ``{{ form }}`` and get labels, hints, errors
and the error-summary links the design system expects."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from saferplaces.core.dates import YEARS_TEXT, plausible_year

# The largest id a database integer column holds: a bigger number cannot name a record, and SQLite
# cannot even compare a column with it (the query fails instead of finding nothing).
MAX_ID = 2**63 - 1
INVALID_CHOICE = "Select one of the choices offered"

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


def widget_class(widget) -> str:
    for kind in type(widget).__mro__:
        if kind in _WIDGET_CLASSES:
            return _WIDGET_CLASSES[kind]
    return "govuk-input"


def query_id(request: HttpRequest, name: str) -> int | None:
    """The record id the query parameter ``name`` gives: None when it is absent or empty, "Page not
    found" when it is not a number that can be an id."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise Http404(f"{name} is not an id")
    return int(text)


def _impossible_id(value) -> bool:
    if isinstance(value, models.Model):
        return False
    try:
        return abs(int(str(value).strip())) > MAX_ID
    except ValueError:
        return False  # not a number at all: the field's own check refuses it


def _refusing_impossible_ids(field: forms.ModelChoiceField):
    """The field's ``clean``, refusing numbers too large to be ids before they reach the database."""
    clean = field.clean

    def checked(value):
        integer_keys = field.to_field_name is None and isinstance(field.queryset.model._meta.pk, models.IntegerField)
        values = value if isinstance(value, (list, tuple)) else [value]
        if integer_keys and any(_impossible_id(v) for v in values if v not in field.empty_values):
            raise ValidationError(INVALID_CHOICE, code="invalid_choice")
        return clean(value)

    return checked


def _plausible_date(value):
    if value is not None and not plausible_year(value.year):
        raise ValidationError(f"Enter a date {YEARS_TEXT}", code="implausible_year")


# Django's message for a missing value names neither the field nor what to do; GOV.UK's error messages
# say what to enter ("Enter the date of the update"), and WCAG 2.2 success criteria 3.3.1 and 3.3.3 ask
# that the error be described in text with a suggestion. The summary links repeat the message (2.4.4).
DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
_CHOOSING = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def _label_in_sentence(label: str) -> str:
    """The label as it reads inside a sentence: "Start date" becomes "start date", "KPI" stays."""
    label = label.strip().rstrip(":?")
    if len(label) > 1 and label[1].isupper():
        return label  # an acronym such as "KPI" or "RAG rating"
    return label[:1].lower() + label[1:]


def required_message(field: forms.Field, name: str) -> str:
    """What to tell someone who left the required ``field`` empty, derived from its label."""
    label = _label_in_sentence(str(field.label or name.replace("_", " ")))
    if isinstance(field, forms.BooleanField):
        return f"Select “{field.label}”"
    if isinstance(field, forms.FileField) or isinstance(field.widget, _CHOOSING):
        return f"Select the {label}"
    return f"Enter the {label}"


class GovUKFormMixin:
    """Styles every field for GOV.UK Frontend and applies the input checks every form needs: dates in
    plausible years (``core.dates``) and choices of records by numbers that can be ids."""

    template_name = "govuk/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = widget_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(_plausible_date)
            if isinstance(field, forms.ModelChoiceField):
                field.clean = _refusing_impossible_ids(field)
        for name, field in self.fields.items():
            if field.required and str(field.error_messages.get("required")) == DJANGO_REQUIRED:
                field.error_messages["required"] = required_message(field, name)  # the form's own copy


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass
