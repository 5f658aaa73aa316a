"""An independent, plain-Python computation of the proven re-offending measure (no numpy, no pandas).

Written from the definitions in the issue, not from the engine's code, so that the tests and the
benchmark can compare the two: loops over dates, dictionaries of people, Kaplan–Meier by its
product formula over distinct event days.
"""

import datetime as dt


def measure(offences, cohort, weight, follow_up=365, waiting=182, at=(30, 90, 180, 365)):
    """``offences``: (person, offence date, offence, outcome date or None); ``cohort``: {person: start}.

    ``weight(offence)`` is an offence's severity. Returns the point figures as a dict.
    """
    before = {p: 0 for p in cohort}
    after = {p: 0 for p in cohort}
    harm_before = {p: 0.0 for p in cohort}
    harm_after = {p: 0.0 for p in cohort}
    first = {}
    for person, committed, offence, proven in offences:
        if person not in cohort:
            continue
        start = cohort[person]
        follow_up_ends = start + dt.timedelta(days=follow_up)
        if start <= committed < follow_up_ends:
            if proven is not None and proven < follow_up_ends + dt.timedelta(days=waiting):
                after[person] += 1
                harm_after[person] += weight(offence)
                days = (committed - start).days
                first[person] = min(first.get(person, days), days)
        elif start - dt.timedelta(days=follow_up) <= committed < start and proven is not None:
            before[person] += 1
            harm_before[person] += weight(offence)
    people = len(cohort)
    reoffenders = sum(1 for p in cohort if after[p] > 0)
    survival = {}
    for t in at:
        # No censoring here (everyone observed through the follow-up): Kaplan–Meier by its product.
        s = 1.0
        for day in sorted(set(first.values())):
            if day >= t:
                break
            at_risk = sum(1 for p in cohort if first.get(p, follow_up) >= day)
            events = sum(1 for d in first.values() if d == day)
            s *= 1 - events / at_risk
        survival[str(t)] = s
    return {
        "people": people, "reoffenders": reoffenders, "binary_rate": reoffenders / people,
        "binary_rate_before": sum(1 for p in cohort if before[p] > 0) / people,
        "offences_per_person_before": sum(before.values()) / people,
        "offences_per_person_after": sum(after.values()) / people,
        "offences_per_reoffender": sum(after.values()) / reoffenders if reoffenders else None,
        "severity_per_person_before": sum(harm_before.values()) / people,
        "severity_per_person_after": sum(harm_after.values()) / people,
        "days_to_first": survival,
    }
