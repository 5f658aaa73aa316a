"""The victim records about people, for the registry of where a person's data is
(:mod:`saferplaces.people.subject_records`)."""

from saferplaces.victims.models import Referral, Victimisation


def victim_subject_records(people: list) -> list:
    ids = [p.pk for p in people]
    return [*Victimisation.objects.filter(person_id__in=ids).order_by("pk"),
            *Referral.objects.filter(person_id__in=ids).order_by("pk")]
