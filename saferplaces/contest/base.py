"""What every record of the Contest delivery group shares: its data category and the permissions that
read and change it.

Counter-terrorism records are not about people, but they are sensitive: a site's security findings
tell an attacker where a crowded place is weak, and the Terrorism (Protection of Premises) Act 2025
restricts disclosure of premises plans. So they are :class:`~saferplaces.policy.models.Protected`
records of the ``counter_terrorism`` category, seen by the holding agency and by agencies with an
agreement covering the category, every detail view logged. They are read with ``contest.view`` and
changed with ``contest.manage``, not with the casework permissions: a caseworker of the council does
not see its counter-terrorism lead's sites, and the counter-terrorism roles read no personal data.
"""

from saferplaces.policy.models import Protected

DATA_CATEGORY = "counter_terrorism"
#: access action → the role permission it needs on counter-terrorism records (policy.access.permission_for)
ACTION_PERMISSIONS = {"view": "contest.view", "export": "contest.view", "change": "contest.manage"}


class ContestRecord(Protected):
    """Abstract base of the group's registers: subclass it for a new counter-terrorism record."""

    DATA_CATEGORY = DATA_CATEGORY
    ACTION_PERMISSIONS = ACTION_PERMISSIONS

    class Meta:
        abstract = True
