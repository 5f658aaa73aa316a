"""Template helpers for GOV.UK Frontend markup."""

from django import forms, template

register = template.Library()


@register.filter
def govuk_widget(bound_field):
    """Render a field's widget with the error class and the hint/error ids it is described by."""
    attrs = {}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        base = bound_field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{base} {base.split()[0]}--error" if base else ""
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the first option of a radio or checkbox group."""
    if field_kind(bound_field) in {"radios", "checkboxes"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """"Error: " when the page shows a form with errors (or an ``error`` message), for the start of its
    title: GOV.UK's error-message pattern and WCAG 2.2 2.4.2, so that a screen reader announces the
    problem with the page's name. Used once, in ``base.html``; a page need not remember to."""
    if context.get("error"):
        return "Error: "
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return "Error: "
    return ""
