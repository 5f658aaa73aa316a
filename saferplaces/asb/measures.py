"""Counts the ASB module offers to the partnership plan's KPIs (``plans.measures``)."""

from saferplaces.asb.selectors import counts_between
from saferplaces.plans.measures import register


def _count(key):
    def compute(start, end) -> float:
        return float(counts_between(start, end)[key])

    compute.__doc__ = f"ASB {key.replace('_', ' ')} between start and end (inclusive)."
    return compute


register("asb.cases_logged", "ASB cases logged", "count", _count("cases_logged"))
register("asb.warnings_issued", "Community Protection Warnings issued", "count", _count("warnings_issued"))
register("asb.notices_issued", "Community Protection Notices issued", "count", _count("notices_issued"))
register("asb.cases_closed", "ASB cases closed", "count", _count("cases_closed"))
