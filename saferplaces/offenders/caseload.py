"""Reads for the caseload: the members the viewer may see with their case management, a member's needs
as change over time, and the partnership measures of the members' ETE status and of panel attendance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from saferplaces.meetings.models import AttendanceStatus
from saferplaces.offenders.models import (
    IN_ETE,
    PATHWAYS,
    REVIEW_EVERY_DAYS,
    CohortMembership,
    EteRecord,
    NeedsAssessment,
    PanelAttendance,
)
from saferplaces.policy import access

_RISK_RANK = Case(When(risk_level="very_high", then=Value(4)), When(risk_level="high", then=Value(3)),
                  When(risk_level="medium", then=Value(2)), When(risk_level="low", then=Value(1)),
                  default=Value(0), output_field=IntegerField())


def caseload(actor, *, on: dt.date | None = None, cohort: str = "", strand: str = "", risk_level: str = "",
             lead_agency=None):
    """Memberships current on ``on`` that ``actor`` may see, filtered, each with ``last_assessed`` (the
    latest needs assessment, or the start) and ``risk_rank`` to sort by; their needs prefetched newest
    first, so the summary reads the first."""
    on = on or timezone.localdate()
    latest = NeedsAssessment.objects.filter(membership=OuterRef("pk")).order_by("-assessed_on", "-pk")
    queryset = (CohortMembership.objects.filter(started_on__lte=on).filter(Q(ended_on__isnull=True)
                                                                           | Q(ended_on__gte=on))
                .select_related("person", "owner_agency", "lead_agency")
                .prefetch_related(Prefetch("needs", NeedsAssessment.objects.order_by("-assessed_on", "-pk")))
                .annotate(last_assessed=Coalesce(Subquery(latest.values("assessed_on")[:1]), "started_on"),
                          risk_rank=_RISK_RANK))
    if cohort:
        queryset = queryset.filter(cohort=cohort)
    if strand:
        queryset = queryset.filter(strand=strand)
    if risk_level:
        queryset = queryset.filter(risk_level=risk_level)
    if lead_agency is not None:
        queryset = queryset.filter(lead_agency=lead_agency)
    return access.scope(actor, queryset)


def next_review(last_assessed: dt.date) -> dt.date:
    return last_assessed + dt.timedelta(days=REVIEW_EVERY_DAYS)


def needs_summary(membership) -> str:
    """The pathways of the latest assessment (prefetched, newest first) at or above the threshold."""
    assessments = list(membership.needs.all())
    if not assessments:
        return "Not assessed"
    needs = assessments[0].needs()
    return ", ".join(needs) if needs else "No need scored 2 or more"


@dataclass(frozen=True)
class NeedRow:
    pathway: str
    scores: tuple  # one per assessment, oldest first (None: not scored)
    change: int | None  # latest score minus the first; negative is better

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "Not scored twice"
        if self.change == 0:
            return "No change"
        return f"{'Down' if self.change < 0 else 'Up'} {abs(self.change)} ({'better' if self.change < 0 else 'worse'})"


def needs_change(assessments) -> list[NeedRow]:
    """Each pathway's score at each assessment (oldest first) and its change from the first score to the
    latest (pathways scored once or never have no change)."""
    assessments = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
    rows = []
    for code, label in PATHWAYS:
        scores = tuple(getattr(a, code) for a in assessments)
        known = [s for s in scores if s is not None]
        rows.append(NeedRow(label, scores, known[-1] - known[0] if len(known) > 1 else None))
    return rows


# --- measures (partnership aggregates over every agency's records: counts and shares, no one named) ----

def ete_share(cohort: str, day: dt.date) -> float | None:
    """Percentage of ``cohort``'s members on ``day`` whose latest ETE status on or before it is education,
    training or employment, among those with a status recorded (None when nobody has one)."""
    active = CohortMembership.objects.filter(cohort=cohort, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    records = (EteRecord.objects.filter(membership__in=active, since__lte=day)
               .order_by("membership_id", "since", "pk").values_list("membership_id", "status"))
    latest = dict(records)  # ordered by date: each membership's last record wins
    if not latest:
        return None
    return round(100.0 * sum(s in IN_ETE for s in latest.values()) / len(latest), 1)


#: the attendance statuses that say what happened (an agency still "expected" was not recorded)
RECORDED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)


def attendance_by_agency(kind: str, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """Agency short name → (panels present, panels with its attendance recorded) for ``kind`` in the period."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for agency, status in PanelAttendance.objects.filter(panel__kind=kind, panel__held_on__range=(start, end),
                                                         status__in=RECORDED).values_list("agency__short_name",
                                                                                          "status"):
        counts[agency][1] += 1
        counts[agency][0] += status == AttendanceStatus.PRESENT
    return {agency: (present, places) for agency, (present, places) in sorted(counts.items())}


def attendance_rate(kind: str, start: dt.date, end: dt.date) -> float | None:
    """Percentage of agencies' recorded places at ``kind`` panels in the period where the agency was present."""
    counts = attendance_by_agency(kind, start, end).values()
    places = sum(p for _, p in counts)
    return round(100.0 * sum(p for p, _ in counts) / places, 1) if places else None
