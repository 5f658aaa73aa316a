"""Navigation by module: each entry shows only to people whose role can use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user


#: Modules add their entry here when they arrive.
MODULES: list[NavItem] = [
    NavItem("My work", "work:my_work", None),
    NavItem("Partnership plan", "plans:overview", "plans.view"),
    NavItem("Partnership meetings", "meetings:list", "meetings.view"),
    NavItem("Evidence", "insights:list", "evidence.view"),
    NavItem("Places and tasking", "places:areas", "places.view"),
    NavItem("Map", "maps:map", "places.view"),
    NavItem("People", "people:list", "personal.search"),
    NavItem("Person linkage", "people:linkage", "linkage.run"),
    NavItem("Repeat victims", "victims:register", "personal.search"),
    NavItem("MARAC", "marac:meetings", "personal.search"),
    NavItem("Cohorts", "offenders:overlap", "evidence.view"),
    NavItem("ASB cases", "asb:case_list", "personal.search"),
    NavItem("CPN portal", "asb:portal", "personal.search"),
    NavItem("Orders and closures", "asb:civil_list", "personal.search"),
    NavItem("PSPOs", "places:pspos", None),  # public orders: every signed-in user reads them
    NavItem("ASB letter templates", "asb:letter_templates", "asb.letters"),
    NavItem("Sharing agreements", "policy:isa_list", "isa.view"),
    NavItem("Access log", "audit:events", "audit.view"),
    NavItem("Users", "accounts:users", "accounts.manage"),
    NavItem("Who has access", "accounts:access_review", "accounts.review"),
    NavItem("Agencies", "accounts:agencies", None),
    NavItem("Directory of services", "directory:search", None),  # public: every signed-in user too
    NavItem("Gangs cohort", "offenders:gangs", "personal.search"),
    NavItem("Gangs cohort activation", "offenders:gangs_activation", "gangs.activate"),
    NavItem("Contest (counter-terrorism)", "contest:home", "contest.view"),
    NavItem("Retention", "retention:schedule", "retention.view"),
    NavItem("Data subject rights", "rights:index", "rights.manage"),
    NavItem("Data protection", "dpo:home", "dpo.records"),
]


def navigation_for(user, path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in MODULES:
        if item.permission and not user.has_role_permission(item.permission):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    # One current item: the most specific (/people/linkage/ rather than /people/).
    deepest = max((item["url"] for item in items if item["current"]), key=len, default=None)
    for item in items:
        item["current"] = item["url"] == deepest
    return items
# The partner API's system accounts (saferplaces/api).
MODULES.append(NavItem("Partner systems", "api:account_list", "api.manage"))
