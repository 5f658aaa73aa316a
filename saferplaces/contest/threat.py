"""The monthly threat assessment: recording it, reading it through policy, its named readers, and the
KPI "produced on time".

Reads go through ``policy.access`` (``scope``, ``fetch``): the restricted category lets only the named
readers in (``docs/contest-reporting.md``). An assessment is due by the day of its month set by
``CONTEST_THREAT_DUE_DAY`` (5 unless set): the group meets early each month and deploys on it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction

from saferplaces.accounts.models import User
from saferplaces.contest.models_threat import ThreatAssessment
from saferplaces.contest.months import month_of, months_between
from saferplaces.core import files
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.categories import RESTRICTED
from saferplaces.policy.models import NamedReader
from saferplaces.policy.rules import require_permission

CATEGORY = ThreatAssessment.DATA_CATEGORY
FIELDS = ("month", "national_level", "national_level_set_on", "local_assessment", "produced_on")


class ThreatError(ValueError):
    """An assessment that cannot be recorded; the message says what to correct."""


def due_day() -> int:
    return int(settings.CONTEST_THREAT_DUE_DAY)


def due_on(month: dt.date) -> dt.date:
    """The day the assessment for ``month`` is due."""
    return month.replace(day=min(due_day(), 28))


def on_time(assessment: ThreatAssessment) -> bool:
    return assessment.produced_on <= due_on(assessment.month)


# --- reads ---------------------------------------------------------------------------------------

def visible_assessments(actor):
    """The assessments ``actor`` may read: none unless they are a named reader."""
    return access.scope(actor, ThreatAssessment.objects.select_related("owner_agency"))


def assessment_access(*, actor, assessment_id: int, action: str = "view") -> ThreatAssessment:
    """One assessment, or 404 (logged as denied when it exists) for everyone policy refuses."""
    return access.fetch(actor, ThreatAssessment.objects.select_related("owner_agency", "author"), assessment_id,
                        action)


def readers() -> list[NamedReader]:
    """The current named readers, by name (who they are is not itself restricted)."""
    return list(NamedReader.objects.current().filter(category=CATEGORY)
                .select_related("user__agency", "named_by").order_by("user__first_name", "user__last_name"))


def reader_candidates():
    """Active users whose role reads Contest records and who are not named yet."""
    named = NamedReader.objects.current().filter(category=CATEGORY).values("user_id")
    users = User.objects.filter(is_active=True).exclude(pk__in=named).select_related("agency")
    return [user for user in users.order_by("agency__name", "first_name", "last_name", "username")
            if user.has_role_permission(RESTRICTED[CATEGORY].reader)]


# --- writes --------------------------------------------------------------------------------------

def _check(fields: dict) -> None:
    if fields["national_level_set_on"] > fields["produced_on"]:
        raise ThreatError("The national level cannot have been set after the assessment was produced")
    if fields["produced_on"] < fields["month"] - dt.timedelta(days=31):
        raise ThreatError("The assessment was produced more than a month before the month it covers")


def _attach(assessment: ThreatAssessment, upload) -> None:
    data = upload.read()
    try:
        name, kind = files.check(upload.name, data)
    except files.FileRejected as error:
        raise ThreatError(str(error)) from None
    stored, digest = files.store(data)
    assessment.file_name, assessment.file_type, assessment.file_size = name, kind, len(data)
    assessment.file_sha256, assessment.file_stored_name = digest, stored


@transaction.atomic
def assessment_record(*, actor, upload=None, is_sample: bool = False, **fields) -> ThreatAssessment:
    """Record a month's assessment, held by the actor's agency. Only a named reader who may keep
    Contest records writes one: its author must be able to read it."""
    require_permission(actor, "contest.manage")
    if not access.is_named_reader(actor, CATEGORY):
        raise ThreatError("Only a named reader of the threat assessment may write one: ask the counter-terrorism "
                          "lead to name you")
    fields["month"] = month_of(fields["month"])
    _check(fields)
    if ThreatAssessment.objects.filter(month=fields["month"]).exists():
        raise ThreatError(f"The assessment for {fields['month']:%B %Y} is already recorded: correct it instead")
    assessment = ThreatAssessment(owner_agency_id=actor.agency_id, author=actor, is_sample=is_sample, **fields)
    if upload is not None:
        _attach(assessment, upload)
    try:
        with acting_as(actor), transaction.atomic():
            assessment.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise ThreatError(f"The assessment for {fields['month']:%B %Y} is already recorded") from None
    return assessment


@transaction.atomic
def assessment_correct(*, actor, assessment: ThreatAssessment, reason: str, upload=None,
                       **fields) -> ThreatAssessment:
    """Correct an assessment (those policy lets change it: named readers of its agency), with a reason."""
    require_permission(actor, "contest.manage")
    if not access.can(actor, "change", assessment):
        raise ThreatError("You may not change this assessment")
    fields["month"] = month_of(fields["month"])
    _check(fields)
    if ThreatAssessment.objects.filter(month=fields["month"]).exclude(pk=assessment.pk).exists():
        raise ThreatError(f"The assessment for {fields['month']:%B %Y} is already recorded")
    for name, value in fields.items():
        setattr(assessment, name, value)
    if upload is not None:
        _attach(assessment, upload)
    with acting_as(actor, reason=reason):
        assessment.save()
    return assessment


# --- the KPI -------------------------------------------------------------------------------------

def on_time_share(start: dt.date, end: dt.date) -> float:
    """Percentage of the months starting in the period whose assessment was produced by its due day
    (``CONTEST_THREAT_DUE_DAY``); a month without one counts as late. 0 for a period with no month."""
    months = months_between(start, end)
    if not months:
        return 0.0
    produced = dict(ThreatAssessment.objects.filter(month__in=months).values_list("month", "produced_on"))
    in_time = sum(1 for month in months if month in produced and produced[month] <= due_on(month))
    return 100.0 * in_time / len(months)
