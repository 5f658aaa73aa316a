"""The MARAC records about people, for the registry of where a person's data is
(:mod:`saferplaces.people.subject_records`): the cases heard about a person's referral, each agency's
research on them and the actions agreed. (A meeting itself is about many people: its cases are listed.)"""

from saferplaces.marac.models import MaracAction, MaracCase, Research


def marac_subject_records(people: list) -> list:
    ids = [p.pk for p in people]
    return [*MaracCase.objects.filter(referral__person_id__in=ids).order_by("pk"),
            *Research.objects.filter(case__referral__person_id__in=ids).order_by("pk"),
            *MaracAction.objects.filter(case__referral__person_id__in=ids).order_by("pk")]
