"""The ASB section of the one person page: cases the person is a party to, and warnings, notices and
civil orders (injunctions, CBOs, contracts) against them, among those the viewer may see."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from saferplaces.asb.models import AsbCase, CivilOrder, Party, ProtectionNotice
from saferplaces.policy import access
from saferplaces.policy.rules import may


def asb_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    ids = [p.pk for p in people]
    their_parts = Prefetch("parties", queryset=Party.objects.filter(person_id__in=ids), to_attr="their_parts")
    cases = list(access.scope(actor, AsbCase.objects.filter(parties__person_id__in=ids)
                              .select_related("owner_agency")).prefetch_related(their_parts))
    notices = list(access.scope(actor, ProtectionNotice.objects.filter(party__person_id__in=ids)
                                .select_related("owner_agency")))
    orders = list(access.scope(actor, CivilOrder.objects.filter(party__person_id__in=ids)
                               .select_related("owner_agency")))
    if not (cases or notices or orders):
        return ""
    decisions = shown([*cases, *notices, *orders])
    return render_to_string("asb/person_section.html", {
        "cases": [(c, ", ".join(sorted({p.get_role_display() for p in c.their_parts})), decisions[c].reasons())
                  for c in cases],
        "notices": [(n, decisions[n].reasons()) for n in notices],
        "orders": [(o, decisions[o].reasons()) for o in orders]})
