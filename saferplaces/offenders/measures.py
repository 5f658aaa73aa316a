"""Measures the offender cohorts offer to the partnership plan's KPIs (``plans.measures``): the plan
asks for "monthly/quarterly checks ... to assess the overlap of all offender cohorts" (Offender
objective 3) and for the cohorts' size. Partnership aggregates over every agency's memberships
(linked person records count once), exact: a KPI reading goes to the board, which reads them as
the offender board's overlap page does."""

from django.utils import timezone

from saferplaces.offenders import caseload, offending
from saferplaces.offenders.models import SHORT, Cohort, PanelKind
from saferplaces.offenders.selectors import Period, partnership_overlap
from saferplaces.plans.measures import register


def _overlap(start, end):
    return partnership_overlap(Period("", "", start, end))


def _cohort_size(cohort):
    def compute(start, end) -> float:
        return float(_overlap(start, end).sizes[cohort])

    compute.__doc__ = f"People in the {SHORT[cohort]} cohort at any time in the period."
    return compute


def people_in_cohorts(start, end) -> float:
    """People in at least one cohort at any time in the period."""
    return float(_overlap(start, end).people)


def people_in_several(start, end) -> float:
    """People in two or more cohorts in the period: the overlap the plan asks to check."""
    return float(sum(n for combo, n in _overlap(start, end).intersections if len(combo) > 1))


def overlap_share(start, end) -> float:
    """Percentage of the period's cohort members who are in two or more cohorts (0 with no members)."""
    result = _overlap(start, end)
    several = sum(n for combo, n in result.intersections if len(combo) > 1)
    return round(100.0 * several / result.people, 1) if result.people else 0.0


def _ete_share(cohort):
    def compute(start, end) -> float:
        share = caseload.ete_share(cohort, end)
        return share if share is not None else 0.0

    compute.__doc__ = (f"Percentage of the {SHORT[cohort]} cohort's members on the period's last day in education, "
                       "training or employment (latest status recorded by then; members with none are left out; "
                       "0 when nobody has one).")
    return compute


def _panel_attendance(kind):
    def compute(start, end) -> float:
        rate = caseload.attendance_rate(kind, start, end)
        return rate if rate is not None else 0.0

    compute.__doc__ = (f"Percentage of agencies' places at the period's {PanelKind(kind).label}s where the agency "
                       "was present (places whose attendance was recorded; 0 with none).")
    return compute


def register_all() -> None:
    # One measure per cohort: a KPI reads one number per period.
    for cohort in Cohort:
        register(f"offenders.cohort_{cohort.value}", f"People in the {SHORT[cohort]} cohort", "count",
                 _cohort_size(cohort.value))
    register("offenders.people_in_cohorts", "People in any offender cohort", "count", people_in_cohorts)
    register("offenders.people_in_several", "People in two or more offender cohorts", "count", people_in_several)
    register("offenders.overlap_share", "Share of cohort members in two or more cohorts", "percentage",
             overlap_share)
    # The plan's youth and offender KPIs ("Young offenders accessing ETE") and its attendance tracking at
    # MAPPA, IOM and GMAP (Offender objective: "track attendance of agencies").
    for cohort in (Cohort.YOS, Cohort.IOM):
        register(f"offenders.ete_share_{cohort.value}", f"Share of the {SHORT[cohort]} cohort in education, "
                 "training or employment", "percentage", _ete_share(cohort.value))
    for kind in PanelKind:
        register(f"offenders.panel_attendance_{kind.value}", f"Attendance by agency at {kind.label}s",
                 "percentage", _panel_attendance(kind.value))



# --- offending outcomes (offenders.offending): the IDIOM-style framework and youth justice ----------------------

def _iom_outcome(figure):
    """A figure of the IOM members who joined in the period: the performance report's "All members"
    row (no intervals: a KPI reads one number). ``figure(row)`` is None when nobody joined: 0."""
    def compute(start, end) -> float:
        row = offending.cohort_outcomes(start=start, end=end, today=timezone.localdate(), resamples=1).overall
        value = figure(row) if row.outcomes else None
        return 0.0 if value is None else round(float(value), 3)

    return compute


def _per_person(name):
    return lambda row: getattr(row.outcomes.cohort, name).value


def _binary_rate(row):
    return 100 * row.outcomes.cohort.binary_rate.value


def _charge_rate(row):
    return None if row.charge_rate is None else 100 * row.charge_rate


def register_offending() -> None:
    figures = [
        ("iom_frequency_before", "IOM: proven offences per person in the year before joining", "rate",
         _per_person("offences_per_person_before")),
        ("iom_frequency_after", "IOM: proven offences per person in the year after joining", "rate",
         _per_person("offences_per_person_after")),
        ("iom_severity_before", "IOM: harm-weighted severity per person in the year before joining", "rate",
         _per_person("severity_per_person_before")),
        ("iom_severity_after", "IOM: harm-weighted severity per person in the year after joining", "rate",
         _per_person("severity_per_person_after")),
        ("iom_binary_rate", "IOM: share of members who re-offended (proven)", "percentage", _binary_rate),
        ("iom_charge_rate", "IOM: share of members' offences since joining that were charged", "percentage",
         _charge_rate),
    ]
    for key, label, unit, figure in figures:
        register(f"offenders.{key}", label, unit, _iom_outcome(figure))
    register("offenders.first_time_entrants", "First-time entrants to the youth justice system (aged 10-17)",
             "count", lambda start, end: float(offending.first_time_entrants(start, end)))
    register("offenders.youth_custodial_sentences", "Custodial sentences for offences committed aged 10-17",
             "count", lambda start, end: float(offending.youth_custodial_sentences(start, end)))
