"""Sample counter-terrorism records: sites at real places in Westminster under sample names (marked
as samples), security assessments with recommendations, service requests, public realm schemes and
awareness training over the last year; and the sample agreement under which the council and the
police share them."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.contest import rules, services
from saferplaces.contest.models import (
    PublicRealmScheme,
    Rating,
    SchemeStatus,
    SecurityAssessment,
    ServiceRequest,
    SessionKind,
    Site,
    TrainingSession,
    WorkStatus,
)
from saferplaces.contest.rules import Tier, Use
from saferplaces.core.context import acting_as
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis

#: name (sample), use, expected capacity, longitude, latitude, street, postcode
SITES = [
    ("Leicester Square cinema (sample)", Use.ENTERTAINMENT, 1600, -0.1303, 51.5107, "Leicester Square", "WC2H 7JY"),
    ("Oxford Street department store (sample)", Use.SHOP, 2500, -0.1527, 51.5144, "Oxford Street", "W1A 1AB"),
    ("Trafalgar Square gallery (sample)", Use.LIBRARY_MUSEUM, 3000, -0.1283, 51.5089, "Trafalgar Square", "WC2N 5DN"),
    ("Covent Garden market hall (sample)", Use.SHOP, 1200, -0.1227, 51.5120, "The Piazza", "WC2E 8RF"),
    ("Piccadilly Circus arcade (sample)", Use.ENTERTAINMENT, 700, -0.1340, 51.5100, "Piccadilly Circus", "W1J 9HP"),
    ("Regent Street flagship store (sample)", Use.SHOP, 900, -0.1398, 51.5122, "Regent Street", "W1B 5AH"),
    ("Victoria coach station concourse (sample)", Use.TRANSPORT, 2000, -0.1490, 51.4926, "Buckingham Palace Road",
     "SW1W 9TP"),
    ("Marylebone station concourse (sample)", Use.TRANSPORT, 1500, -0.1631, 51.5225, "Melcombe Place", "NW1 6JJ"),
    ("Paddington basin food hall (sample)", Use.FOOD_DRINK, 450, -0.1750, 51.5186, "Sheldon Square", "W2 6EZ"),
    ("Westminster cathedral (sample)", Use.WORSHIP, 2000, -0.1394, 51.4959, "Victoria Street", "SW1P 1QW"),
    ("Edgware Road mosque (sample)", Use.WORSHIP, 600, -0.1690, 51.5200, "Edgware Road", "W2 1DY"),
    ("West End theatre, Shaftesbury Avenue (sample)", Use.ENTERTAINMENT, 1100, -0.1317, 51.5117,
     "Shaftesbury Avenue", "W1D 7EZ"),
    ("West End theatre, Strand (sample)", Use.ENTERTAINMENT, 650, -0.1206, 51.5107, "Strand", "WC2R 0NH"),
    ("Soho nightclub (sample)", Use.ENTERTAINMENT, 350, -0.1340, 51.5136, "Wardour Street", "W1F 0UR"),
    ("Soho pub (sample)", Use.FOOD_DRINK, 220, -0.1316, 51.5130, "Dean Street", "W1D 3RU"),
    ("Chinatown restaurant (sample)", Use.FOOD_DRINK, 180, -0.1310, 51.5115, "Gerrard Street", "W1D 5PT"),
    ("Park Lane hotel (sample)", Use.HOTEL, 1200, -0.1523, 51.5070, "Park Lane", "W1K 1BE"),
    ("Strand hotel (sample)", Use.HOTEL, 500, -0.1210, 51.5102, "Strand", "WC2R 0EU"),
    ("Lord's cricket ground (sample)", Use.SPORTS, 30000, -0.1722, 51.5294, "St John's Wood Road", "NW8 8QN"),
    ("Exhibition Road museum (sample)", Use.LIBRARY_MUSEUM, 4000, -0.1762, 51.4967, "Exhibition Road", "SW7 2DD"),
    ("Royal Albert Hall area concert hall (sample)", Use.HALL, 5000, -0.1774, 51.5009, "Kensington Gore", "SW7 2AP"),
    ("Queen Elizabeth II conference centre (sample)", Use.HALL, 2500, -0.1295, 51.5004, "Broad Sanctuary",
     "SW1P 3EE"),
    ("Madame Tussauds-style attraction (sample)", Use.VISITOR_ATTRACTION, 1500, -0.1551, 51.5229,
     "Marylebone Road", "NW1 5LR"),
    ("Westminster Abbey visitor centre (sample)", Use.VISITOR_ATTRACTION, 900, -0.1275, 51.4994, "Dean's Yard",
     "SW1P 3PA"),
    ("St Mary's hospital outpatients (sample)", Use.HEALTH, 700, -0.1740, 51.5172, "Praed Street", "W2 1NY"),
    ("Westminster city library (sample)", Use.LIBRARY_MUSEUM, 250, -0.1322, 51.5107, "Charing Cross Road",
     "WC2H 0HF"),
    ("Pimlico secondary school (sample)", Use.SCHOOL, 1300, -0.1390, 51.4880, "Lupus Street", "SW1V 3AT"),
    ("University campus, Marylebone (sample)", Use.HIGHER_EDUCATION, 2500, -0.1560, 51.5215, "Marylebone Road",
     "NW1 5LS"),
    ("Westminster City Hall reception (sample)", Use.PUBLIC_BUILDING, 300, -0.1366, 51.4977, "Victoria Street",
     "SW1E 6QP"),
    ("Carnaby Street shopping (sample)", Use.OTHER, 3000, -0.1389, 51.5133, "Carnaby Street", "W1F 9PS"),
    ("Hyde Park summer concert (sample)", Use.ENTERTAINMENT, 50000, -0.1600, 51.5073, "Hyde Park", "W2 2UH"),
    ("Christmas market, Leicester Square (sample)", Use.SHOP, 900, -0.1297, 51.5103, "Leicester Square", "WC2H 7LU"),
]
#: the sites that are events, not premises
EVENTS = {"Hyde Park summer concert (sample)", "Christmas market, Leicester Square (sample)"}
RECOMMENDATIONS = [
    ("Rehearse the lockdown procedure with all staff twice a year", "Duty manager"),
    ("Install hostile vehicle mitigation at the main entrance", "Facilities manager"),
    ("Brief door staff on suspicious behaviour (ACT Awareness e-learning)", "Head of security"),
]


def clear(out) -> None:
    """Nothing of another app refers to these records, nor they to another app's demo records."""


def _delete_samples(actor) -> None:
    with acting_as(actor):
        for model in (SecurityAssessment, ServiceRequest, PublicRealmScheme, TrainingSession):
            model.objects.filter(is_sample=True).delete()
        Site.objects.filter(is_sample=True).delete()


def _assess(adviser, site, on, number):
    findings = {h: (Rating.IN_PLACE if (i + number) % 3 else Rating.PARTIAL, "Sample finding.")
                for i, h in enumerate(rules.headings_for(site.tier))}
    assessment = services.assessment_record(actor=adviser, site=site, assessed_on=on, findings=findings,
                                            summary="Sample assessment.", is_sample=True)
    for text, owner in RECOMMENDATIONS[:1 + number % 3]:
        services.recommendation_add(actor=adviser, assessment=assessment, text=text, owner=owner,
                                    due_on=on + dt.timedelta(days=90))


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
    adviser, lead = User.objects.get(username="ctsa.mps"), User.objects.get(username="ctlead.wcc")
    _delete_samples(adviser)
    today = timezone.localdate()
    sites = []
    for number, (name, use, capacity, longitude, latitude, street, postcode) in enumerate(SITES):
        holder = lead if use in (Use.PUBLIC_BUILDING, Use.SCHOOL, Use.OTHER) else adviser
        site = services.site_create(
            actor=holder, name=name, use=use, capacity=capacity, is_event=name in EVENTS, longitude=longitude,
            latitude=latitude, address=f"{street}, London", postcode=postcode, is_sample=True,
            identified_on=today - dt.timedelta(days=400 - 10 * number),
            responsible_person="Sample responsible person", regulator_notified=number % 4 != 0,
            senior_individual="Sample senior individual" if capacity >= rules.ENHANCED_FROM else "")
        sites.append(site)
    carnaby = next(site for site in sites if site.use == Use.OTHER)
    services.site_update(actor=lead, site=carnaby, tier_override=Tier.ENHANCED,
                         tier_override_reason="A pedestrianised shopping street with crowds of thousands at "
                                              "weekends: assessed as enhanced premises would be (sample)")
    # Two thirds of the sites assessed over the last fifteen months; some are now due again.
    for number, site in enumerate(sites):
        if number % 3 != 2:
            _assess(adviser, site, today - dt.timedelta(days=20 + 14 * number), number)
    for title, status, site in [("Vehicle mitigation for the New Year's Eve event (sample)", WorkStatus.IN_PROGRESS,
                                 sites[0]),
                                ("Protective security advice for a new venue (sample)", WorkStatus.REQUESTED, None),
                                ("Search and screening advice for a concert (sample)", WorkStatus.COMPLETED,
                                 sites[-2])]:
        services.request_save(actor=adviser, title=title, site=site, requested_on=today - dt.timedelta(days=30),
                              requested_by="Sample events team", status=status, is_sample=True)
    for name, status in [("Leicester Square hostile vehicle mitigation (sample)", SchemeStatus.BUILD),
                         ("Oxford Street bollards (sample)", SchemeStatus.DESIGN)]:
        services.scheme_save(actor=lead, name=name, site=sites[0] if "Leicester" in name else sites[1],
                             lead="Westminster City Council highways (sample)", status=status, is_sample=True)
    kinds = [SessionKind.ACT_AWARENESS, SessionKind.ACT_STRATEGIC, SessionKind.ACT_AWARENESS,
             SessionKind.FIRE_AWARENESS]
    for number in range(16):
        services.training_save(
            actor=adviser, kind=kinds[number % 4], held_on=today - dt.timedelta(days=10 + 23 * number),
            venue="Sample venue, Westminster", organisations="\n".join(
                f"Sample business {number}-{i}" for i in range(1 + number % 5)),
            people_trained=12 + 3 * number, plan_item="Business awareness plan (sample)", is_sample=True)
    # Not worded as the other agreements' claims ("… see each other's … records"): tests/policy/
    # test_demo_claims.py checks those with a caseworker, who does not read counter-terrorism records.
    out.write("  agreement SWP-ISA-CT: WCC and MPS share counter-terrorism records (read by their "
              "counter-terrorism lead, security adviser and partnership coordinator)")
    out.write(f"  {len(sites)} sample sites in Westminster, {SecurityAssessment.objects.filter(is_sample=True).count()}"
              " security assessments with recommendations, 3 service requests, 2 public realm schemes and 16 "
              "training sessions")
