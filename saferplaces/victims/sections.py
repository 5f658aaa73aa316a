"""The victims section of the one person page."""

from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.people.sections import ChronologyEntry
from saferplaces.policy import access
from saferplaces.policy.rules import may
from saferplaces.victims import selectors


def victim_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    victimisations = list(selectors.visible_victimisations(actor, people=people))
    referrals = list(selectors.visible_referrals(actor, people=people))
    decisions = shown([*victimisations, *referrals])
    # ASB complaints on cases the viewer may see count too (the ASB section shows and logs the cases).
    complaints = [incident for _pid, incident in selectors.visible_asb_complaints(actor, people=people)]
    flags = selectors.person_flags(victimisations, referrals, timezone.localdate(), complaints)
    return render_to_string("victims/person_section.html", {
        "victimisations": [(v, decisions[v].reasons()) for v in victimisations],
        "referrals": [(r, decisions[r].reasons()) for r in referrals], "flags": flags, "person": people[0],
        "can_refer": may(actor, "personal.change"),
        "can_record": access.can(actor, "change", people[0]),
    })


def victim_chronology(actor, people) -> list[ChronologyEntry]:
    """Victimisations and referrals of the person that the viewer may see."""
    if not may(actor, "personal.view"):
        return []
    entries = [ChronologyEntry(v.occurred_on, f"Victim of {v.get_kind_display().lower()}",
                               v.reference or "No reference recorded", v.owner_agency.short_name, v)
               for v in selectors.visible_victimisations(actor, people=people)]
    entries += [ChronologyEntry(r.referred_on, f"Referred to {r.get_service_display()}", r.get_status_display(),
                                r.owner_agency.short_name, r, r.get_absolute_url())
                for r in selectors.visible_referrals(actor, people=people)]
    return entries
