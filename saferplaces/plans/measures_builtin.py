"""Measures the foundation apps provide to the plan's KPIs."""

from saferplaces.people.models import Person
from saferplaces.plans.measures import register
from saferplaces.policy.models import InformationSharingAgreement


def agreements_in_force(start, end) -> float:
    """Information-sharing agreements in force on the last day of the period (the plan's "ISA's
    established"): signed off by every party's data protection officer, started and not ended."""
    return float(InformationSharingAgreement.objects.active(on=end).count())


def agreements_due_for_review(start, end) -> float:
    """Active information-sharing agreements whose review date falls by the end of the period."""
    return float(InformationSharingAgreement.objects.active(on=end).filter(review_date__lte=end).count())


def person_records_created(start, end) -> float:
    return float(Person.objects.filter(created_at__date__range=(start, end)).count())


register("policy.agreements_in_force", "Information-sharing agreements in force", "count", agreements_in_force)
register("policy.agreements_due_for_review", "Information-sharing agreements due for review", "count",
         agreements_due_for_review)
register("people.records_created", "Person records created", "count", person_records_created)
