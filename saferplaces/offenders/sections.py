"""The cohorts section of the one person page."""

from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.offenders import selectors


def cohort_section(actor, people, log) -> str:
    if not actor.has_role_permission("personal.view"):
        return ""
    memberships = list(selectors.visible_memberships(actor, people=people))
    if not memberships:
        return ""
    for record in memberships:
        log(record)
    return render_to_string("offenders/person_section.html", {
        "memberships": memberships, "suggestion": selectors.suggestion_for(memberships, timezone.localdate()),
    })
