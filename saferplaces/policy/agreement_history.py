"""The story of one agreement, for every party to read on its page: each version proposed, signed for
each party, activated and superseded, told from the change history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from saferplaces.accounts.models import Agency
from saferplaces.audit.models import ChangeAction, ChangeRecord
from saferplaces.policy.models import AgreementSignOff, AgreementStatus, InformationSharingAgreement

_AGREEMENT = InformationSharingAgreement._meta.label_lower
_SIGN_OFF = AgreementSignOff._meta.label_lower


@dataclass(frozen=True)
class Step:
    at: datetime
    who: str
    text: str


def _agreement_step(change: ChangeRecord) -> str:
    after, before = change.after or {}, change.before or {}
    version = after.get("version") or before.get("version")
    if change.action == ChangeAction.CREATE:
        return f"Version {version} proposed"
    if before.get("status") != after.get("status"):
        return {
            AgreementStatus.ACTIVE: f"Version {version} activated: every party has signed it",
            AgreementStatus.SUPERSEDED: f"Version {version} superseded",
            AgreementStatus.ENDED: f"Version {version} ended by a party",
        }.get(after.get("status"), f"Version {version} status changed to {after.get('status')}")
    return f"Version {version} changed: {', '.join(change.changed_fields())}"


def agreement_history(agreement: InformationSharingAgreement) -> list[Step]:
    """Every step of every version of ``agreement``, oldest first."""
    versions = {str(v.pk): v.version for v in agreement.versions()}
    sign_offs = {str(s.pk): s for s in AgreementSignOff.objects.filter(agreement__reference=agreement.reference)}
    agencies = {a.pk: a.name for a in Agency.objects.filter(pk__in={s.agency_id for s in sign_offs.values()})}
    changes = ChangeRecord.objects.filter(
        Q(record_type=_AGREEMENT, record_id__in=versions) | Q(record_type=_SIGN_OFF, record_id__in=sign_offs)
    ).order_by("at", "id")
    steps = []
    for change in changes:
        if change.record_type == _AGREEMENT:
            text = _agreement_step(change)
        else:
            sign_off = sign_offs[change.record_id]
            text = (f"Version {versions[str(sign_off.agreement_id)]} signed for {agencies[sign_off.agency_id]}"
                    if change.action == ChangeAction.CREATE else f"Sign-off {change.get_action_display().lower()}")
        steps.append(Step(change.at, change.actor_username or "system", text))
    return steps
