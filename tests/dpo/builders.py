"""Builders of the data protection officer's records for tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.dpo import services
from saferplaces.dpo.models import DPIA, Breach, Reportable


def make_dpia(dpo, *, review_date=None, category="asb", module="asb", agreements=None, title="ASB cases DPIA"):
    return services.dpia_save(actor=dpo, agreements=agreements, dpia=DPIA(
        title=title, module=module, data_category=category, description="Cases shared across the partnership",
        lawful_basis="Public task", risks="Disclosure", mitigations="Access by agreement",
        review_date=review_date or timezone.localdate() + dt.timedelta(days=365)))


def make_breach(dpo, *, aware_at=None, reportable=Reportable.YES, title="Email to the wrong partner"):
    return services.breach_save(actor=dpo, breach=Breach(
        title=title, aware_at=aware_at or timezone.now() - dt.timedelta(hours=10), description="Sent in error",
        data_categories=["asb"], subjects_approx=12, consequences="Identity disclosed", measures="Recalled",
        reportable=reportable))
