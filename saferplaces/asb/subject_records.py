"""The ASB records about people, for the registry of where a person's data is
(:mod:`saferplaces.people.subject_records`): cases where a person is a party, and the warnings, notices
and civil orders against a party linked to them."""

from saferplaces.asb.models import AsbCase, CivilOrder, ProtectionNotice


def asb_subject_records(people: list) -> list:
    ids = [p.pk for p in people]
    cases = AsbCase.objects.filter(parties__person_id__in=ids).distinct().order_by("pk")
    notices = ProtectionNotice.objects.filter(party__person_id__in=ids).order_by("pk")
    orders = CivilOrder.objects.filter(party__person_id__in=ids).order_by("pk")
    return [*cases, *notices, *orders]
