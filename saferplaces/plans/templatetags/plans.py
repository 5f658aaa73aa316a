from django import template

from saferplaces.plans.history import history

register = template.Library()


@register.filter
def latest_update(action, today):
    """The action's latest update on or before ``today`` (using prefetched updates when present)."""
    return next((u for u in sorted(action.updates.all(), key=lambda u: (u.date, u.pk), reverse=True)
                 if u.date <= today), None)


@register.filter
def deadline_state(action, today):
    update = latest_update(action, today)
    return action.deadline.status(today, complete=bool(update and update.status in {"complete", "dropped"}))


@register.simple_tag
def plan_history(record):
    """The record's change history for its page (``{% plan_history action as history %}``)."""
    return history(record)


@register.filter
def figure(value):
    """A KPI figure as a board reads it: 12.4, 70, 0.35 (at most two decimals, no trailing zeros)."""
    if value is None or value == "":
        return ""
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")
