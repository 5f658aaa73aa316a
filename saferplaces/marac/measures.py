"""Measures the MARAC offers to the partnership plan's KPIs (``plans.measures``): the strategy will
"monitor the success by tracking the number of repeat victims coming through the MARAC", with
SafeLives monitoring data reported quarterly."""

from saferplaces.marac import selectors
from saferplaces.plans.measures import register


def repeat_rate(start, end) -> float:
    """Percentage of the cases heard at meetings in the period that were repeats (0 with no cases)."""
    rate = selectors.quarterly_return(start, end).repeat_rate
    return round(rate, 1) if rate is not None else 0.0


def cases_heard(start, end) -> float:
    """Cases heard at MARAC meetings in the period."""
    return float(selectors.quarterly_return(start, end).cases)


def attendance_rate(start, end) -> float:
    """Percentage of agencies' places at the period's meetings where the agency was present (0 with none)."""
    rate = selectors.quarterly_return(start, end).attendance_rate
    return round(rate, 1) if rate is not None else 0.0


def register_all() -> None:
    register("marac.repeat_rate", "MARAC repeat rate (SafeLives definition)", "percentage", repeat_rate)
    register("marac.cases_heard", "MARAC cases heard", "count", cases_heard)
    register("marac.attendance_rate", "MARAC attendance by agencies listed", "percentage", attendance_rate)
