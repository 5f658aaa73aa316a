"""The data protection officer's clocks: the 72 hours to report a personal-data breach and DPIA reviews.

Pure functions of their dates and the time now, so that each answer can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: UK GDPR Article 33(1): the controller notifies the Information Commissioner "without undue delay and,
#: where feasible, not later than 72 hours after having become aware of it" (unless the breach is unlikely
#: to result in a risk to people's rights and freedoms). Hours elapsed, not hours on the clock: a night when
#: the clocks change (Europe/London) moves the deadline's local time by an hour, not its instant.
REPORT_WITHIN = dt.timedelta(hours=72)
HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ReportClock:
    """Where a breach stands against the 72 hours.

    ``state`` is one of ``running`` (to report, time left), ``overdue`` (to report, time passed),
    ``reported`` (reported within the 72 hours), ``reported_late`` and ``not_reportable``.
    ``hours`` is whole hours: left while running (rounded down), past the deadline when overdue (rounded
    down), taken to report once reported (rounded down); None when not reportable.
    """

    deadline: dt.datetime
    state: str
    hours: int | None

    @property
    def text(self) -> str:
        if self.state == "running":
            return f"{self.hours} hours left to report to the ICO"
        if self.state == "overdue":
            return f"Overdue: the 72 hours ended {self.hours} hours ago"
        if self.state == "reported":
            return f"Reported to the ICO {self.hours} hours after becoming aware"
        if self.state == "reported_late":
            return f"Reported to the ICO late, {self.hours} hours after becoming aware"
        return "Not reportable to the ICO (reason recorded)"


def report_clock(*, aware_at: dt.datetime, now: dt.datetime, reportable: bool | None,
                 reported_at: dt.datetime | None = None) -> ReportClock:
    """The 72-hour clock of a breach the controller became aware of at ``aware_at``.

    ``reportable`` is True, False, or None while undecided: an undecided breach runs the clock, since the
    72 hours run from awareness whatever the decision (UK GDPR Art. 33(1)). Times must be aware.
    """
    # In UTC: Python adds to and subtracts aware times of one zone as wall-clock times, so 72 hours after
    # 10:00 GMT on the Saturday before the clocks go forward would come out as 10:00 BST, 71 hours later.
    aware_at, now = aware_at.astimezone(dt.UTC), now.astimezone(dt.UTC)
    reported_at = reported_at.astimezone(dt.UTC) if reported_at is not None else None
    deadline = aware_at + REPORT_WITHIN
    if reported_at is not None:
        taken = (reported_at - aware_at) // HOUR
        return ReportClock(deadline, "reported" if reported_at <= deadline else "reported_late", taken)
    if reportable is False:
        return ReportClock(deadline, "not_reportable", None)
    if now <= deadline:
        return ReportClock(deadline, "running", (deadline - now) // HOUR)
    return ReportClock(deadline, "overdue", (now - deadline) // HOUR)


#: a DPIA whose review falls within this many days is flagged as due
REVIEW_DUE_WITHIN = dt.timedelta(days=30)


def review_flag(review_date: dt.date, today: dt.date) -> str:
    """``overdue`` once the review date has passed, ``due`` on it and within the 30 days before it, else
    ``current``. UK GDPR Art. 35(11): the controller reviews whether processing follows its DPIA "at least
    when there is a change of the risk"; the register's date is when the partnership agreed to look again."""
    if review_date < today:
        return "overdue"
    if review_date - today <= REVIEW_DUE_WITHIN:
        return "due"
    return "current"
