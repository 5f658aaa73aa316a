"""Demo offending histories (fictional, marked as sample): police extract rows for the demo's IOM members,
before and after they joined, and two young people's first offences, so that the performance report
and the Offender KPIs show figures."""

import datetime as dt

from django.utils import timezone

from saferplaces.offenders.models import Offence, OffenceOutcome

#: person reference, offence: days before (−) or after (+) the person joined IOM, or since today for
#: the young people (reference, None); offence; outcome; days from offence to outcome
HISTORIES = [
    ("MPS-CRIS-55877", 400, [(-300, "Burglary", OffenceOutcome.CONVICTED, 60), (-120, "Burglary",
                                                                             OffenceOutcome.CUSTODY, 40),
                             (-20, "Shoplifting", OffenceOutcome.CAUTION, 5), (90, "Burglary",
                                                                              OffenceOutcome.CHARGED, 2),
                             (200, "Burglary", OffenceOutcome.COMMUNITY_SENTENCE, 70)]),
    ("NPS-CRN-X123456", 200, [(-250, "Violence and sexual offences", OffenceOutcome.CONVICTED, 90),
                              (-60, "Public order", OffenceOutcome.CAUTION, 10)]),
    ("NPS-CRN-X200001", 365, [(-200, "Robbery", OffenceOutcome.CUSTODY, 80), (-10, "Drugs", OffenceOutcome.CAUTION, 3),
                              (150, "Drugs", OffenceOutcome.NO_FURTHER_ACTION, 20)]),
    ("NPS-CRN-X200002", 250, [(-340, "Vehicle crime", OffenceOutcome.CONVICTED, 45),
                              (-100, "Vehicle crime", OffenceOutcome.CONVICTED, 45),
                              (30, "Vehicle crime", OffenceOutcome.CONVICTED, 60)]),
    ("NPS-CRN-X200003", 180, [(-150, "Shoplifting", OffenceOutcome.CONVICTED, 20)]),
    ("MPS-CRIS-61002", 160, [(-90, "Robbery", OffenceOutcome.CHARGED, 1), (40, "Theft from the person",
                                                                          OffenceOutcome.PENDING, None)]),
    ("WCC-YOS-2001", None, [(-120, "Robbery", OffenceOutcome.CAUTION, 30),
                            (-40, "Robbery", OffenceOutcome.CUSTODY, 20)]),
    ("WCC-CS-3001", None, [(-70, "Shoplifting", OffenceOutcome.CAUTION, 14)]),
]


def clear(out) -> None:
    """Sample offences refer to other apps' demo people: cleared before they are replaced."""
    Offence.objects.filter(is_sample=True).delete()


def load(out, people) -> None:
    today = timezone.localdate()
    count = 0
    for reference, joined, offences in HISTORIES:
        person = people[reference]
        anchor = today - dt.timedelta(days=joined) if joined is not None else today
        for number, (days, offence, outcome, delay) in enumerate(offences, start=1):
            day = anchor + dt.timedelta(days=days)
            if day > today:
                continue
            outcome_on = day + dt.timedelta(days=delay) if delay is not None else None
            if outcome_on and outcome_on > today:
                outcome, outcome_on = OffenceOutcome.PENDING, None
            Offence.objects.create(owner_agency=person.owner_agency, person=person,
                                   reference=f"SAMPLE-{reference}-{number}", offence_on=day, offence=offence,
                                   outcome=outcome, outcome_on=outcome_on, is_sample=True)
            count += 1
    out.write(f"  {count} offences in the demo offending histories (fictional, sample)")
