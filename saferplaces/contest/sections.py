"""The Contest delivery group's registers, as listed on its home page (``/contest/``).

Each register adds one :class:`Section` to :data:`SECTIONS`; the home page shows those the user's
role may open, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    title: str
    url_name: str
    description: str
    permission: str = "contest.view"
    strand: str = "Protect"  # the Contest strand: Protect, Prepare or Prevent


#: One entry per register; append yours at the end of your strand's block.
SECTIONS: list[Section] = [
    # Protect
    Section("Sites", "contest:sites", "Crowded places and other vulnerable sites, their tier under the "
            "Terrorism (Protection of Premises) Act 2025, on a map, and their security assessments"),
    Section("Service requests", "contest:requests", "Requests for the security advisers' help, such as vehicle "
            "mitigation for an event"),
    Section("Public realm schemes", "contest:schemes", "Protective security built into streets and spaces"),
    Section("Awareness training", "contest:training", "ACT Awareness and ACT Strategic sessions (and the "
            "historic Griffin and Argus), fire brigade awareness: organisations and people trained"),
    # Prepare
    Section("Plans register", "contest:plans", "Emergency response, disaster mortuary, ceremonial and business "
            "continuity plans and Executive Business Impact Assessments: owners, versions and reviews",
            strand="Prepare"),
    Section("Exercises", "contest:exercises", "Tabletop, live, specific and all-services exercises, the lessons "
            "identified and their actions", strand="Prepare"),
    Section("London Local Authority Gold rota", "contest:rota", "The weekly on-call rota, its gaps and swaps",
            strand="Prepare"),
    Section("Monthly threat assessments", "contest:threat_list", "The national threat level and the local "
            "assessment, one a month; named readers only"),
    Section("Police deployment returns", "contest:deployments", "The police's monthly Protect deployment figures: "
            "stop and search, stop and account, section 43 stops, suspicious packages, vehicle stops, intelligence"),
    # Prevent
    Section("Prevent", "contest:prevent", "Commissioned projects, community engagement, institutions supported, "
            "training, and the quarterly Channel figures", strand="Prevent"),
]


def sections_for(user) -> list[Section]:
    return [section for section in SECTIONS if user.has_role_permission(section.permission)]
