"""Forms styled with GOV.UK Frontend: render with ``{{ form }}`` and get labels, hints, errors
and the error-summary links the design system expects."""

from django import forms

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


class GovUKFormMixin:
    template_name = "govuk/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = widget_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass
