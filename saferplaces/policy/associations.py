"""Casework that makes a record visible to the people taking part in it (the ``association``
relationship of :mod:`saferplaces.policy.access`).

Each protected model whose records casework can share is listed by its label, with one
:class:`Via` per way in: the lookup path from a record to the id of the user (or agency) taking
part, and the lookups that must hold on the same related row for it to count (an open task, not a
finished one). Policy sits below the business apps and never imports them: the labels are resolved
when the apps are ready.

To add one: name the model and its :class:`Via` here, add the route to ``tests/access_table.py``
with the relationship, and say so in ``docs/security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Via:
    """One way casework reaches a record: ``user`` (or ``agency``) is the lookup to the id of the
    user (or agency) taking part; ``where`` adds lookups on the same related row (for example the
    task is still open). Exactly one of ``user`` and ``agency`` is given."""

    user: str = ""
    agency: str = ""
    where: dict[str, object] = field(default_factory=dict)
    #: for a ``user`` way in, the actor's part in the record in words: recorded as the reason for
    #: their views without asking (``policy.gate``, "relationship as reason")
    role: str = ""

    def __post_init__(self):
        if bool(self.user) == bool(self.agency):
            raise ValueError("A Via names a lookup to a user or to an agency, not both")

    def lookups(self, actor) -> dict[str, object]:
        """The lookups, in one filter, that tie a record to ``actor`` this way."""
        target = {self.user: actor.pk} if self.user else {self.agency: actor.agency_id}
        return {**target, **self.where}


#: model label → the ways casework reaches its records
ASSOCIATIONS: dict[str, tuple[Via, ...]] = {
    # The officer named on an open task of an ASB case takes part in it while the task is open: they
    # see (and work on) the case... Their colleagues do not, and a finished task gives nothing.
    "asb.AsbCase": (Via(user="tasks__assigned_to_id", where={"tasks__done_on__isnull": True},
                        role="Officer named on an open task of this case"),),
    # ... and the warnings and notices issued on it.
    "asb.ProtectionNotice": (Via(user="case__tasks__assigned_to_id", where={"case__tasks__done_on__isnull": True},
                                 role="Officer named on an open task of its case"),),
    # ... and the closure notices and orders, injunctions, CBOs and contracts recorded on it.
    "asb.CivilOrder": (Via(user="case__tasks__assigned_to_id", where={"case__tasks__done_on__isnull": True},
                           role="Officer named on an open task of its case"),),
    # An agency on a MARAC meeting's attendance list (expected, present or sending apologies) takes
    # part in the meeting: it sees the meeting, its cases, every agency's research and the actions.
    # An agency marked absent, or never listed, gets nothing this way.
    "marac.MaracMeeting": (Via(agency="attendances__agency_id",
                               where={"attendances__status__in": ["expected", "present", "apologies"]}),),
    "marac.MaracCase": (Via(agency="meeting__attendances__agency_id",
                            where={"meeting__attendances__status__in": ["expected", "present", "apologies"]}),),
    "marac.Research": (Via(agency="case__meeting__attendances__agency_id",
                           where={"case__meeting__attendances__status__in": ["expected", "present", "apologies"]}),),
    "marac.MaracAction": (Via(agency="case__meeting__attendances__agency_id",
                              where={"case__meeting__attendances__status__in": ["expected", "present",
                                                                                  "apologies"]}),),
}
