"""The "similar person" offer: before a form records a new person, the person records the actor may
see that may be the same person are offered, and the actor picks one or confirms a new record.

The choice travels with the form's own POST: a button ``use_person=<pk>`` (checked again against the
same scoped search, so only an offered record can be used) or ``confirm_new_person``. Showing the
offer is logged as a search of person records, with the reason given for the page it is on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.people.models import Person
from saferplaces.people.selectors import similar_people

USE = "use_person"
CONFIRM_NEW = "confirm_new_person"


@dataclass
class Offer:
    """What the actor decided: ``chosen`` (an offered record to use), or ``new`` (record a new one);
    neither means ``offered`` is to be shown first."""

    chosen: Person | None = None
    new: bool = False
    offered: list = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.chosen is None and not self.new

    def hidden(self) -> dict:
        """The choice made, to carry through a later step of the same form (a second offer)."""
        if self.chosen is not None:
            return {USE: self.chosen.pk}
        return {CONFIRM_NEW: "1"} if self.new else {}

    def context(self) -> dict:
        return {"similar_people": self.offered if self.pending else None, "person_choice": self.hidden()}


def similar_offer(request, *, forename: str, surname: str, date_of_birth=None, postcode: str = "",
                  reason: dict | None = None) -> Offer:
    """Apply the actor's choice, or find what to offer. ``reason``: the reason given for the page
    (``{"reason", "justification"}``); without one the offer is logged as part of casework."""
    actor = request.user
    found = similar_people(actor=actor, forename=forename, surname=surname, date_of_birth=date_of_birth,
                           postcode=postcode)
    if request.method == "POST":
        chosen = request.POST.get(USE, "")
        if chosen.isdigit():
            match = [p for p in found if p.pk == int(chosen)]
            if match:
                return Offer(chosen=match[0])
        if CONFIRM_NEW in request.POST:
            return Offer(new=True)
    if not found:
        return Offer(new=True)
    reason = reason or {"reason": "casework", "justification": "Similar person records offered before a new one "
                                                                "is recorded"}
    access_record(actor=actor, action=AccessAction.SEARCH, record_type="people.person", reason=reason["reason"],
                  justification=reason.get("justification", ""), path=request.path,
                  detail={"similar_to": f"{forename} {surname}".strip(), "results": len(found),
                          "ids": [p.pk for p in found]})
    return Offer(offered=found)
