"""Counts the ASB module offers to the partnership plan's KPIs (``plans.measures``)."""

from saferplaces.asb.selectors import civil_counts_between, counts_between
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


def _civil(kind):
    def compute(start, end) -> float:
        return float(civil_counts_between(start, end)[kind])

    compute.__doc__ = f"{kind} made (or served, or signed) between start and end (inclusive), refusals excluded."
    return compute


# One measure per tool of the civil toolkit: a KPI reads one number per quarter.
for _kind, _label in [("closure_notice", "Closure notices served (s.76)"),
                      ("closure_order", "Closure orders made (s.80)"),
                      ("injunction", "Civil injunctions granted (s.1)"),
                      ("cbo", "Criminal Behaviour Orders made (s.22)"),
                      ("abc", "Acceptable Behaviour Contracts signed"),
                      ("pspo", "Public Spaces Protection Orders made (s.59)")]:
    register(f"asb.civil_{_kind}", _label, "count", _civil(_kind))
