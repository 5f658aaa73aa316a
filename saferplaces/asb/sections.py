"""The ASB section of the one person page: cases the person is a party to, and warnings and notices
given to them, among those the viewer may see."""

from django.template.loader import render_to_string

from saferplaces.asb.models import AsbCase, ProtectionNotice
from saferplaces.policy import access
from saferplaces.policy.rules import may


def asb_section(actor, people, log) -> str:
    if not may(actor, "personal.view"):
        return ""
    ids = [p.pk for p in people]
    cases = list(access.scope(actor, AsbCase.objects.filter(parties__person_id__in=ids).select_related("owner_agency")))
    notices = list(access.scope(actor, ProtectionNotice.objects.filter(party__person_id__in=ids)
                                .select_related("owner_agency")))
    if not (cases or notices):
        return ""
    roles = {}
    for case in cases:
        log(case)
        roles[case.pk] = sorted({p.get_role_display() for p in case.parties.filter(person_id__in=ids)})
    for notice in notices:
        log(notice)
    return render_to_string("asb/person_section.html", {
        "cases": [(c, ", ".join(roles[c.pk]), access.explain(actor, c)) for c in cases],
        "notices": [(n, access.explain(actor, n)) for n in notices]})
