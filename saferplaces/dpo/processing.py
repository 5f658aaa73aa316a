"""The record of processing activities (UK GDPR Article 30(1); DPA 2018 s.61 for law-enforcement
processing), generated from what the product knows rather than typed: the data categories
(``policy.categories``), the models holding each, the information-sharing agreements that share it, the
retention schedule where one is kept, and the DPIA register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import Role
from saferplaces.dpo.clocks import review_flag
from saferplaces.dpo.models import DPIA
from saferplaces.policy import categories
from saferplaces.policy.models import InformationSharingAgreement, Protected
from saferplaces.retention.models import RetentionRule

#: What the product itself does to keep the data safe (Art. 30(1)(g), Art. 32): generated pages name it.
SECURITY_MEASURES = (
    "Role-based access; records visible across agencies only through an active agreement, a logged grant or "
    "casework; every view, search and export logged with its reason in a hash-chained access log; change "
    "history kept; two-factor sign-in"
)
NOT_SET = "Not set on the retention schedule"


def legal_class(code: str) -> str:
    """The category's class in law (personal, special category, criminal offence data: policy.categories)."""
    return categories.category_class(code).label


def retention_text(rule: RetentionRule | None) -> str:
    """A category's retention rule in words, as the schedule (``/retention/``) sets it."""
    if rule is None or not rule.is_set:
        return NOT_SET
    return (f"{rule.period_months} months from {rule.get_trigger_display().lower()}, then "
            f"{rule.get_action_display().lower()}")


def modules_holding() -> dict[str, list[str]]:
    """Category code → the modules (apps' names) whose protected models hold it."""
    held: dict[str, set[str]] = {}
    for model in apps.get_models():
        if issubclass(model, Protected) and model.DATA_CATEGORY:
            # A record's own category, and those of its parts (a referral's DASH answers: domestic_abuse).
            for code in {model.DATA_CATEGORY, *model.PART_CATEGORIES.values()}:
                held.setdefault(code, set()).add(str(model._meta.app_config.verbose_name))
    return {code: sorted(names) for code, names in held.items()}


@dataclass(frozen=True)
class ProcessingRecord:
    """One row of the record: a data category as the controller processes it."""

    code: str
    category: str
    legal_class: str
    modules: tuple[str, ...]
    purposes: tuple[str, ...]
    lawful_bases: tuple[str, ...]
    recipients: tuple[str, ...]
    agreements: tuple[str, ...]
    retention: str
    dpias: tuple[str, ...]
    security: str = SECURITY_MEASURES


@dataclass(frozen=True)
class RecordOfProcessing:
    controller: Agency
    officers: tuple[str, ...]
    on: dt.date
    rows: tuple[ProcessingRecord, ...]


def record_of_processing(agency: Agency, on: dt.date) -> RecordOfProcessing:
    """The record of processing of ``agency`` (the controller) on ``on``: one row per data category."""
    agreements = list(InformationSharingAgreement.objects.active(on).filter(parties=agency)
                      .prefetch_related(Prefetch("parties", queryset=Agency.objects.order_by("name")))
                      .order_by("reference"))
    dpias = list(DPIA.objects.filter(owner_agency=agency).order_by("review_date", "pk"))
    held = modules_holding()
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    rows = []
    for code, label in categories.CATEGORIES.items():
        sharing = [a for a in agreements if code in a.data_categories]
        assessed = [d for d in dpias if d.data_category == code]
        rows.append(ProcessingRecord(
            code=code, category=label, legal_class=legal_class(code), modules=tuple(held.get(code, ())),
            purposes=tuple(dict.fromkeys(a.purpose for a in sharing)) + tuple(d.title for d in assessed),
            lawful_bases=tuple(dict.fromkeys(a.get_legal_basis_display() for a in sharing)),
            recipients=tuple(dict.fromkeys(p.name for a in sharing for p in a.parties.all() if p.pk != agency.pk)),
            agreements=tuple(f"{a.reference} v{a.version}" for a in sharing),
            retention=retention_text(rules.get(code)),
            dpias=tuple(f"{d.title} (review {d.review_date:%d %B %Y}: {review_flag(d.review_date, on)})"
                        for d in assessed),
        ))
    officers = tuple(f"{u.display_name} ({u.email})" if u.email else u.display_name
                     for u in User.objects.filter(agency=agency, role=Role.DPO, is_active=True).order_by("pk"))
    return RecordOfProcessing(controller=agency, officers=officers, on=on, rows=tuple(rows))


CSV_HEADER = ["controller", "category_code", "category", "legal_class", "modules", "purposes", "lawful_bases",
              "recipients", "agreements", "retention", "dpias", "security_measures"]


def csv_rows(record: RecordOfProcessing):
    for row in record.rows:
        yield [record.controller.name, row.code, row.category, row.legal_class, "; ".join(row.modules),
               "; ".join(row.purposes), "; ".join(row.lawful_bases), "; ".join(row.recipients),
               "; ".join(row.agreements), row.retention, "; ".join(row.dpias), row.security]
