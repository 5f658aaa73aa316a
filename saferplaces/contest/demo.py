"""Sample counter-terrorism records (fictional names at real places in Westminster, marked as
samples), and the sample agreement under which the council and the police share them."""

import datetime as dt

from saferplaces.accounts.models import User
from saferplaces.contest import services
from saferplaces.contest.models import Site
from saferplaces.contest.rules import Use
from saferplaces.core.context import acting_as
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis

#: name, use, capacity, longitude, latitude, address, postcode; held by the police adviser
SITES = [
    ("Sample Arcade, Leicester Square", Use.ENTERTAINMENT, 1200, -0.1301, 51.5103, "Leicester Square", "WC2H 7LU"),
    ("Sample Department Store, Oxford Street", Use.SHOP, 2500, -0.1514, 51.5144, "Oxford Street", "W1C 1DX"),
    ("Sample Gallery, Trafalgar Square", Use.LIBRARY_MUSEUM, 1500, -0.1283, 51.5089, "Trafalgar Square", "WC2N 5DN"),
]


def clear(out) -> None:
    """Nothing refers to another app's demo records yet."""


def load(out) -> None:
    agreement_in_force(
        reference="SWP-ISA-CT",
        parties=["WCC", "MPS"],
        title="Contest delivery group: counter-terrorism protective security (sample)",
        purpose=("To identify crowded places and other vulnerable sites in Westminster, record their security "
                 "assessments and the protective security work that follows, and plan the response to an attack."),
        legal_basis=LegalBasis.UK_GDPR_6_1_E,
        legal_basis_detail=("Counter-Terrorism and Security Act 2015 and the Terrorism (Protection of Premises) "
                            "Act 2025; DPA 2018 Part 3 for the police."),
        data_categories=["counter_terrorism"],
        start_date=dt.date(2017, 4, 1),
        review_date=dt.date(2027, 3, 31),
    )
    adviser = User.objects.get(username="ctsa.mps")
    with acting_as(adviser):
        Site.objects.filter(is_sample=True).delete()
    for name, use, capacity, longitude, latitude, address, postcode in SITES:
        services.site_create(actor=adviser, name=name, use=use, capacity=capacity, longitude=longitude,
                             latitude=latitude, address=address, postcode=postcode, identified_on=dt.date(2025, 4, 1),
                             is_sample=True)
    # Not worded as the other agreements' claims ("… see each other's … records"): tests/policy/
    # test_demo_claims.py checks those with a caseworker, who does not read counter-terrorism records.
    out.write("  agreement SWP-ISA-CT: WCC and MPS share counter-terrorism records (read by their "
              "counter-terrorism lead, security adviser and partnership coordinator)")
    out.write(f"  {len(SITES)} sample sites")
