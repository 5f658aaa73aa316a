"""Figures of the offender performance report as text: a value with its 95% interval."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


@register.filter
def estimate(value, style=2) -> str:
    """``value`` an engine Estimate; ``style`` "%" for a share, else the decimal places."""
    if value is None or value.value is None:
        return "–"
    show = percent if style == "%" else (lambda v: f"{v:.{int(style)}f}")
    interval = f" ({show(value.low)} to {show(value.high)})" if value.low is not None else ""
    return show(value.value) + interval
