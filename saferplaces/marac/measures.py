"""Measures the MARAC offers to the partnership plan's KPIs (``plans.measures``): the strategy will
"monitor the success by tracking the number of repeat victims coming through the MARAC", with
SafeLives monitoring data reported quarterly."""

from saferplaces.marac import selectors
from saferplaces.plans.measures import register


def repeat_rate(start, end) -> float:
    """Percentage of the cases heard at meetings in the period that were repeats (0 with no cases)."""
    rate = selectors.quarterly_return(start, end).repeat_rate
    return round(rate, 1) if rate is not None else 0.0


#: SafeLives' published national MARAC repeat rate: 31% of the cases heard at the 276 MARACs that
#: submitted data for the 12 months 1 October 2023 to 30 September 2024 (SafeLives, "Latest UK Marac
#: data", the Marac national dataset, safelives.org.uk/research-policy/practitioner-datasets/marac-data).
#: Update it when SafeLives publishes a newer year.
NATIONAL_REPEAT_RATE = 31.0


def repeat_rate_against_national(start, end) -> float:
    """The period's repeat rate less the national rate, in percentage points (negative: below it;
    SafeLives reads a rate far below the national one as repeats not being identified, not as
    success). 0 with no cases heard: nothing to compare."""
    rate = selectors.quarterly_return(start, end).repeat_rate
    return round(rate - NATIONAL_REPEAT_RATE, 1) if rate is not None else 0.0


def cases_heard(start, end) -> float:
    """Cases heard at MARAC meetings in the period."""
    return float(selectors.quarterly_return(start, end).cases)


def attendance_rate(start, end) -> float:
    """Percentage of agencies' places at the period's meetings where the agency was present (0 with none)."""
    rate = selectors.quarterly_return(start, end).attendance_rate
    return round(rate, 1) if rate is not None else 0.0


def register_all() -> None:
    register("marac.repeat_rate", "MARAC repeat rate (SafeLives definition)", "percentage", repeat_rate)
    register("marac.repeat_rate_against_national", "MARAC repeat rate against the national rate (points)",
             "rate", repeat_rate_against_national)
    register("marac.cases_heard", "MARAC cases heard", "count", cases_heard)
    register("marac.attendance_rate", "MARAC attendance by agencies listed", "percentage", attendance_rate)
