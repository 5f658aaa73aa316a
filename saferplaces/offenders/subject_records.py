"""The offender records about people, for the registry of where a person's data is
(:mod:`saferplaces.people.subject_records`): cohort memberships, the casework kept on them (every
``MembershipRecord`` model, found through its ``MEMBERSHIP`` path), gangs marks and offending history."""

from django.apps import apps

from saferplaces.offenders.models import CohortMembership, MembershipRecord, Offence
from saferplaces.offenders.models_gangs import GangsMark


def _membership_record_models() -> list:
    return sorted((m for m in apps.get_app_config("offenders").get_models() if issubclass(m, MembershipRecord)),
                  key=lambda m: m.__name__)


def offender_subject_records(people: list) -> list:
    ids = [p.pk for p in people]
    records: list = [*CohortMembership.objects.filter(person_id__in=ids).order_by("pk")]
    for model in _membership_record_models():
        records += model.objects.filter(**{f"{model.MEMBERSHIP}__person_id__in": ids}).order_by("pk")
    records += GangsMark.objects.filter(membership__person_id__in=ids).order_by("pk")
    records += Offence.objects.filter(person_id__in=ids).order_by("pk")
    return records
