"""A sample retention schedule for the demo: every category with a period, an event and an action, each
rule marked as a sample (``is_sample``): the periods are illustrations drawn from the sources named in
``basis``, never a partnership's decision, which is its data protection officers' to make."""

from __future__ import annotations

from saferplaces.policy.categories import CATEGORIES
from saferplaces.retention.models import RetentionAction, RetentionRule, TriggerEvent

#: category → (months, event, action, basis). A category not named here (added since) stays "not set".
SAMPLE = {
    "person": (72, TriggerEvent.CREATED, RetentionAction.REVIEW,
               "Sample. Kept while any record about the person is kept; then six years, as the case records."),
    "victim": (72, TriggerEvent.LAST_CONTACT, RetentionAction.REVIEW,
               "Sample. Six years from last contact (Limitation Act 1980, s.2: claims in tort)."),
    "offender": (72, TriggerEvent.COHORT_EXIT, RetentionAction.REVIEW,
                 "Sample. Six years after leaving the cohort (MoPI guidance periods are reviewed by the force)."),
    "asb": (72, TriggerEvent.CASE_CLOSED, RetentionAction.DELETE,
            "Sample. Six years after closure (Local Government Association retention guidance for ASB cases)."),
    "enforcement": (72, TriggerEvent.EXPIRED, RetentionAction.DELETE,
                    "Sample. Six years after the notice or order ends (appeal and breach proceedings)."),
    "marac": (72, TriggerEvent.CASE_CLOSED, RetentionAction.REVIEW,
              "Sample. Six years after the case was last heard (SafeLives MARAC guidance)."),
    "gangs": (12, TriggerEvent.COHORT_EXIT, RetentionAction.DELETE,
              "Sample. One year after removal (ICO enforcement notice on the Gangs Matrix, 2018)."),
    "counter_terrorism": (36, TriggerEvent.CREATED, RetentionAction.REVIEW,
                          "Sample. Three years, reviewed with the site's next assessment."),
    "counter_terrorism_restricted": (24, TriggerEvent.CREATED, RetentionAction.DELETE,
                                     "Sample. Two years: a monthly threat assessment is superseded."),
}


def load(out) -> None:
    loaded = 0
    for category in CATEGORIES:
        if category not in SAMPLE:
            continue
        months, trigger, action, basis = SAMPLE[category]
        RetentionRule.objects.update_or_create(category=category, defaults={
            "period_months": months, "trigger": trigger, "action": action, "basis": basis, "is_sample": True})
        loaded += 1
    out.write(f"Retention: a sample schedule of {loaded} rules (marked as sample)\n")
