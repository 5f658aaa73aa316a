"""Fictional people held by several agencies (names invented for the demo)."""

import datetime as dt

from saferplaces.accounts.models import Agency
from saferplaces.people.linkage_run import linkage_execute
from saferplaces.people.models import LinkageRun, Person

PEOPLE = [
    ("WCC", "Jordan", "Ellis", dt.date(1991, 3, 14), "M", "W2 5EH", "12 Demo Court, Church Street", "WCC-ASB-1001"),
    ("WCC", "Maria", "Kowalska", dt.date(1978, 11, 2), "F", "W9 3RS", "4 Sample House, Harrow Road", "WCC-ASB-1002"),
    ("MPS", "Jordan", "Ellis", dt.date(1991, 3, 14), "M", "W2 5EH", "12 Demo Court", "MPS-CRIS-55120"),
    ("MPS", "Kyle", "Barnes", dt.date(2001, 7, 30), "M", "W10 4LP", "", "MPS-CRIS-55877"),
    ("VS", "Fatima", "Begum", dt.date(1985, 5, 21), "F", "NW8 8LL", "Flat 3, Example Mansions", "VS-2017-0412"),
    ("NPS", "Lee", "Harding", dt.date(1983, 1, 9), "M", "W2 1XX", "", "NPS-CRN-X123456"),
    ("CWH", "Maria", "Kowalska", dt.date(1978, 2, 11), "F", "W9 3RS", "4 Sample House", "CWH-T-77801"),
    # Only the name and sex in common with MPS's Kyle Barnes: too little to link without a person
    # deciding, so a review pair.
    ("WCC", "Kyle", "Barnes", None, "M", "", "", "WCC-ASB-1003"),
]


def load(out) -> None:
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for agency, forename, surname, dob, sex, postcode, address, reference in PEOPLE:
        Person.objects.update_or_create(
            owner_agency=agencies[agency],
            source_reference=reference,
            defaults={"forename": forename, "surname": surname, "date_of_birth": dob, "sex": sex,
                      "postcode": postcode, "address": address},
        )
    out.write(f"  {len(PEOPLE)} fictional person records")


def link_people(out) -> None:
    """Run person linkage over every demo person (called once every module has added its people)."""
    run = linkage_execute(LinkageRun.objects.create())
    out.write(f"  person linkage: {run.records} records, {run.people} people, {run.review_pairs} pair(s) to review"
              + (f" (failed: {run.error})" if run.error else ""))
