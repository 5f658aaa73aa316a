"""Offending outcomes pages: importing offending histories, and the quarterly performance report."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from saferplaces.core import suppression
from saferplaces.core.importpage import import_page
from saferplaces.offenders import offending, selectors
from saferplaces.offenders.models import Cohort, OffenceOutcome
from saferplaces.policy.rules import may, require_permission

#: groups with fewer people are not shown to viewers who do not work the cases (core.suppression's threshold)
SMALL = suppression.THRESHOLD


def offences_import(request):
    """Import an offending-history extract (CSV) for the viewer's agency: every row checked, all or nothing."""
    require_permission(request.user, "personal.change")
    return import_page(request, title="Import offending histories", file_label="CSV file of offences",
                       noun="offence", columns=offending.IMPORT_COLUMNS,
                       allowed={"Outcomes": OffenceOutcome.values},
                       run=lambda text: offending.offences_import(actor=request.user, text=text))


def performance(request):
    """The quarterly performance report (IDIOM-style): before/after offending of a cohort's new members,
    overall, by strand and by lead agency; printable."""
    require_permission(request.user, "evidence.view")
    period = selectors.parse_period(request.GET.get("period"))
    cohort = request.GET.get("cohort") or Cohort.IOM
    if period is None or "Q" not in period.code or cohort not in Cohort.values:
        raise Http404("No such quarter or cohort")
    report = offending.cohort_outcomes(cohort=cohort, start=period.start, end=period.end,
                                       today=timezone.localdate())
    exact = may(request.user, suppression.EXACT_PERMISSION)
    return render(request, "offenders/performance.html", {
        "report": report, "period": period, "cohort": cohort, "cohorts": Cohort.choices,
        "periods": [p for p in selectors.period_choices() if "Q" in p.code],
        "sections": [("By strand", report.by_strand), ("By lead agency", report.by_lead)],
        "small": 0 if exact else SMALL, "follow_up": offending.FOLLOW_UP_DAYS, "waiting": offending.WAITING_DAYS,
        "resamples": offending.RESAMPLES,
    })
