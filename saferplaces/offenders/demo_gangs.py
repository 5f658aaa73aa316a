"""Sample gangs cohort (fictional): the Metropolitan Police's activation on its two assessments, the
marks of its demo gangs-cohort members (one review overdue, within the grace period), run after the
offenders demo has made the memberships."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.core import files
from saferplaces.core.context import acting_as
from saferplaces.offenders import gangs
from saferplaces.offenders.models import Cohort, CohortMembership, GangsActivation, GangsDocument, GangsMark
from saferplaces.offenders.models_gangs import DocumentKind

SAMPLE = "(sample)"
DEMO_NOTES = "Demo (fictional)"  # the offenders demo's mark on its memberships

#: person reference → mark, criteria, days since the last review (over ~92: the review is overdue)
MARKS = {
    "MPS-CRIS-55877": (gangs.PERPETRATOR, ["P1", "P3"], 30),
    "MPS-CRIS-55120": (gangs.AT_RISK, ["V2", "V3"], 45),
    "MPS-CRIS-61001": (gangs.AT_RISK, ["V1", "V3"], 60),
    "MPS-CRIS-61002": (gangs.PERPETRATOR, ["P2", "P4"], 20),
    "MPS-CRIS-61003": (gangs.AT_RISK, ["V4"], 102),  # overdue by about ten days: on My work, not yet removed
}


def clear(out) -> None:
    """Delete the sample activation, assessments and marks (the offenders demo recreates the
    memberships they hang on; run before every loader)."""
    with acting_as(User.objects.filter(username="dpo.mps").first()):
        for activation in GangsActivation.objects.filter(dpia__title__endswith=SAMPLE):
            activation.delete()
        for mark in GangsMark.objects.filter(membership__notes=DEMO_NOTES):
            mark.delete()
        for document in GangsDocument.objects.filter(title__endswith=SAMPLE):
            document.delete()


def _document(dpo, kind, title, author, dated) -> GangsDocument:
    text = f"{title}\nFictional sample for the demonstration of Safer Places. Not a real assessment.\n"
    stored_name, sha256 = files.store(text.encode())
    return GangsDocument.objects.create(
        agency=dpo.agency, kind=kind, title=title, author=author, dated=dated, review_on=dated + dt.timedelta(days=365),
        file_name=f"{kind}-sample.txt", file_type="text/plain", file_size=len(text.encode()), file_sha256=sha256,
        file_stored_name=stored_name, uploaded_by=dpo)


def load(out) -> None:
    today = timezone.localdate()
    dpo = User.objects.get(username="dpo.mps")
    officer = User.objects.get(username="caseworker.mps")
    mps = Agency.objects.get(short_name="MPS")
    with acting_as(dpo):
        dpia = _document(dpo, DocumentKind.DPIA, f"Gangs cohort DPIA, Westminster {SAMPLE}",
                         "Paul Adams, information manager", today - dt.timedelta(days=120))
        eia = _document(dpo, DocumentKind.EIA, f"Gangs cohort equality impact assessment {SAMPLE}",
                        "Westminster BCU equality lead", today - dt.timedelta(days=118))
        GangsActivation.objects.create(agency=mps, activated_by=dpo, dpia=dpia, eia=eia,
                                       activated_at=timezone.now() - dt.timedelta(days=110))
    with acting_as(officer):
        for membership in CohortMembership.objects.filter(cohort=Cohort.GANGS, owner_agency=mps, notes=DEMO_NOTES,
                                                          person__source_reference__in=MARKS):
            mark, criteria, days = MARKS[membership.person.source_reference]
            reviewed = today - dt.timedelta(days=days)
            GangsMark.objects.create(owner_agency=mps, membership=membership, mark=mark, criteria=criteria,
                                     score=gangs.score(criteria), reviewed_on=reviewed,
                                     next_review_on=gangs.next_review(reviewed), reviewed_by=officer)
    out.write(f"  gangs cohort: MPS activated on a DPIA and an equality impact assessment; {len(MARKS)} members "
              "marked, one review overdue (fictional)")
