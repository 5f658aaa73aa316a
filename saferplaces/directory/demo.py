"""Sample directory entries: about thirty made-up services in Westminster across the partnership's
needs, every one marked as a sample (``is_sample``; "(sample)" in each organisation's name).

The organisations, services, phone numbers (Ofcom's range for drama, 020 7946 0xxx) and addresses on
the web (example.org) are invented. The places are real public buildings in Westminster (libraries and
City Hall) with their postcodes and approximate coordinates, so that the search by distance finds
something: a sample service "meets at" a library; no library runs any of them. Ids are fixed (``uuid5``),
so loading the demo again updates the entries rather than duplicating them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.directory import taxonomy
from saferplaces.directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from saferplaces.directory.services import taxonomy_ensure

#: key → (name, postcode, address, latitude, longitude)
PLACES = {
    "church": ("Church Street Library", "NW8 8EU", "57 to 59 Church Street", 51.5226, -0.1690),
    "paddington": ("Paddington Library", "W2 5DU", "Porchester Road", 51.5177, -0.1883),
    "queens": ("Queen's Park Library", "W10 4NE", "666 Harrow Road", 51.5289, -0.2071),
    "maida": ("Maida Vale Library", "W9 2QT", "Sutherland Avenue", 51.5262, -0.1906),
    "victoria": ("Victoria Library", "SW1W 9UD", "160 Buckingham Palace Road", 51.4937, -0.1475),
    "pimlico": ("Pimlico Library", "SW1V 2PU", "Rampayne Street", 51.4890, -0.1334),
    "charing": ("Charing Cross Library", "WC2H 0HF", "4 Charing Cross Road", 51.5098, -0.1276),
    "mayfair": ("Mayfair Library", "W1K 2PB", "25 South Audley Street", 51.5099, -0.1524),
    "cityhall": ("Westminster City Hall", "SW1E 6QP", "64 Victoria Street", 51.4976, -0.1357),
    "stjohns": ("St John's Wood Library", "NW8 6PD", "20 Circus Road", 51.5326, -0.1739),
}

#: key → (name, description, partner agency that keeps it)
ORGANISATIONS = {
    "care": ("Westminster Victim Care (sample)", "Emotional and practical support for anyone affected by crime.", "VS"),
    "council": ("Westminster Community Safety Team (sample)", "The council's community safety services.", "WCC"),
    "haven": ("Haven Lane Women's Service (sample)", "Specialist support for women and girls affected by violence.",
              None),
    "youth": ("North Westminster Youth Trust (sample)", "Youth work, mentoring and routes into work.", None),
    "housing": ("Marylebone Housing Advice (sample)", "Independent housing advice.", None),
    "recovery": ("Church Street Recovery Project (sample)", "Drug and alcohol recovery support.", None),
    "wellbeing": ("Paddington Wellbeing Hub (sample)", "Talking therapies and peer support.", None),
    "older": ("Pimlico Older People's Network (sample)", "Friendship, advice and safety for older people.", None),
    "pathways": ("Soho Pathways (sample)", "Help to leave offending behind: housing, work and mentoring.", None),
    "freedom": ("Freedom Route (sample)", "Support for survivors of trafficking and forced labour.", None),
}

#: organisation, name, needs, ages (min, max), places, description, days since last review
SERVICES = [
    ("care", "Victim care line", ["victims-of-crime"], (None, None), [],
     "Call or email after any crime, reported or not: a volunteer listens, explains what happens next and "
     "arranges practical help.", 40),
    ("care", "Court witness support", ["victims-of-crime"], (None, None), ["cityhall"], "Help before and on the day of "
     "giving evidence, including a visit to the court beforehand.", 100),
    ("care", "Young victims' service", ["victims-of-crime", "young-people-gangs"], (8, 17), ["paddington"],
     "One-to-one support for children and young people harmed by crime, and their parents.", 250),
    ("care", "Hate crime advocacy", ["hate-crime", "victims-of-crime"], (16, None), ["charing"], "Report hate crime "
     "safely and get an advocate who stays with you until it is resolved.", 30),
    ("care", "Fraud recovery support", ["fraud", "victims-of-crime", "older-people"], (18, None), ["victoria"],
     "Help after a scam: securing accounts, reporting, and recovering confidence.", 60),
    ("council", "ASB victim support", ["asb-victims"], (None, None), ["cityhall"], "A caseworker for residents "
     "affected by persistent anti-social behaviour, who can ask for a case review.", 20),
    ("council", "Safe at home visits", ["older-people", "fraud"], (60, None), ["pimlico"], "Door locks, spy holes and "
     "advice on doorstep crime for older and vulnerable residents.", 300),
    ("council", "Hate incident reporting centre", ["hate-crime"], (None, None), ["church", "queens"], "A third-party "
     "reporting centre: report an incident in person without going to the police.", 90),
    ("council", "Rough sleeping outreach", ["housing", "mental-health"], (18, None), ["charing"], "Street outreach "
     "each morning and evening, linking people to a bed and health care.", 15),
    ("haven", "Domestic abuse advocacy (IDVA)", ["domestic-abuse"], (16, None), ["maida", "victoria"],
     "Independent domestic violence advisers for people at high risk, working with the MARAC.", 25),
    ("haven", "Women's drop-in", ["domestic-abuse", "sexual-violence"], (16, None), ["church"], "A weekly drop-in: "
     "no appointment, children welcome, interpreters on request.", 120),
    ("haven", "Sexual violence counselling", ["sexual-violence", "mental-health"], (13, None), ["mayfair"],
     "Specialist counselling after rape or sexual assault, whenever it happened.", 45),
    ("haven", "Honour-based abuse helpline", ["domestic-abuse"], (None, None), [], "Confidential advice about forced "
     "marriage and honour-based abuse.", 210),
    ("haven", "Freedom programme", ["domestic-abuse", "families"], (18, None), ["queens"], "A twelve-week group for "
     "women to understand abusive relationships.", 70),
    ("youth", "Gang exit mentoring", ["young-people-gangs"], (13, 24), ["church", "queens"], "A mentor with lived "
     "experience for young people who want to leave a gang or are being exploited.", 35),
    ("youth", "After-school youth club", ["young-people-gangs"], (11, 19), ["stjohns"], "Sport, music and a hot meal "
     "three evenings a week.", 140),
    ("youth", "Apprenticeship route", ["employment-training", "young-people-gangs"], (16, 24), ["paddington"],
     "Paid apprenticeships with local employers, with a mentor throughout.", 55),
    ("youth", "Parents' support group", ["families", "young-people-gangs"], (18, None), ["maida"],
     "For parents worried about their child's safety, friendships or exploitation.", 190),
    ("housing", "Housing options advice", ["housing"], (16, None), ["mayfair", "cityhall"], "Advice when you are "
     "homeless or may lose your home, including after domestic abuse.", 80),
    ("housing", "Tenancy sustainment", ["housing", "asb-victims"], (18, None), ["victoria"], "Help to keep a tenancy: "
     "arrears, neighbour disputes and repairs.", 400),
    ("recovery", "Drug and alcohol assessment", ["substance-misuse"], (18, None), ["church"], "Walk-in assessment and "
     "a recovery plan; prescribing through the clinic.", 50),
    ("recovery", "Young people's substance service", ["substance-misuse", "young-people-gangs"], (10, 24),
     ["paddington"], "Confidential help for young people about drugs and alcohol.", 160),
    ("recovery", "Recovery cafe", ["substance-misuse", "mental-health"], (18, None), ["queens"], "Peer support in "
     "recovery, every Saturday.", 220),
    ("wellbeing", "Talking therapies", ["mental-health"], (18, None), ["paddington", "stjohns"], "Short courses of "
     "therapy for anxiety and depression; refer yourself.", 65),
    ("wellbeing", "Crisis sanctuary", ["mental-health"], (18, None), ["maida"],
     "A calm place to go in the evening when things feel too much.", 10),
    ("older", "Befriending", ["older-people", "mental-health"], (65, None), ["pimlico", "victoria"], "Weekly calls or "
     "visits from a volunteer.", 95),
    ("older", "Scam awareness sessions", ["fraud", "older-people"], (55, None), ["pimlico"],
     "Sessions on spotting scams by phone, post and online.", 270),
    ("pathways", "Through the gate", ["offenders", "housing"], (18, None), ["charing"], "Help on release from prison: "
     "a bed, ID, benefits and a GP.", 42),
    ("pathways", "Work ready", ["offenders", "employment-training"], (18, None), ["charing"], "Training and job "
     "coaching for people with convictions.", 130),
    ("freedom", "Modern slavery support", ["modern-slavery"], (18, None), ["cityhall"],
     "Safe housing, legal advice and a caseworker for survivors of trafficking.", 75),
    ("freedom", "Labour exploitation advice", ["modern-slavery", "employment-training"], (16, None), [], "Advice for "
     "workers whose pay or papers are held by an employer.", 365),
]


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(taxonomy.NAMESPACE, "demo:" + ":".join(parts))


def load(out) -> None:
    taxonomy_ensure()
    today = timezone.localdate()
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    orgs = {}
    for key, (name, description, agency) in ORGANISATIONS.items():
        orgs[key], _ = Organization.objects.update_or_create(id=_id("org", key), defaults={
            "name": name, "description": description, "email": f"{key}@example.org",
            "website": f"https://example.org/{key}", "agency": agencies.get(agency), "is_sample": True})
    places = {}
    for key, (name, postcode, street, lat, lon) in PLACES.items():
        places[key], _ = Location.objects.update_or_create(id=_id("place", key), defaults={
            "name": name, "latitude": lat, "longitude": lon, "is_sample": True,
            "description": "A public building where the sample service meets"})
        Address.objects.update_or_create(id=_id("address", key), defaults={
            "location": places[key], "address_1": street, "city": "London", "state_province": "Greater London",
            "postal_code": postcode, "country": "GB"})
    for number, (org, name, needs, (low, high), at, description, days) in enumerate(SERVICES, start=1):
        key = f"{org}:{name}"
        service, _ = Service.objects.update_or_create(id=_id("service", key), defaults={
            "organization": orgs[org], "name": name, "description": description, "minimum_age": low,
            "maximum_age": high, "fees": "Free", "url": f"https://example.org/{org}/{number}",
            "email": f"{org}.{number}@example.org", "assured_date": today - dt.timedelta(days=days),
            "eligibility_description": "Anyone who lives, works or studies in Westminster" if not at else
            "Anyone in Westminster; no referral needed", "is_sample": True, "last_modified": timezone.now()})
        for term in needs:
            Attribute.objects.update_or_create(id=_id("attribute", key, term), defaults={
                "service": service, "taxonomy_term_id": taxonomy.term_id(term)})
        contact, _ = Contact.objects.update_or_create(id=_id("contact", key), defaults={
            "service": service, "title": "Main number"})
        Phone.objects.update_or_create(id=_id("phone", key), defaults={
            "contact": contact, "number": f"020 7946 0{number:03d}"})
        ServiceArea.objects.update_or_create(id=_id("area", key), defaults={
            "service": service, "name": "Westminster", "service_area": "The City of Westminster"})
        for place in at:
            link, _ = ServiceAtLocation.objects.update_or_create(id=_id("at", key, place), defaults={
                "service": service, "location": places[place]})
            Schedule.objects.update_or_create(id=_id("schedule", key, place), defaults={
                "service_at_location": link, "freq": "WEEKLY", "byday": "TU,TH" if number % 2 else "MO,WE,FR",
                "opens_at": dt.time(10 if number % 2 else 9, 0), "closes_at": dt.time(16, 0),
                "description": "Tuesdays and Thursdays, 10am to 4pm" if number % 2
                else "Mondays, Wednesdays and Fridays, 9am to 4pm"})
        if not at:
            Schedule.objects.update_or_create(id=_id("schedule", key), defaults={
                "service": service, "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": dt.time(9, 0),
                "closes_at": dt.time(17, 0), "description": "By phone, Monday to Friday, 9am to 5pm"})
    out.write(f"  {len(SERVICES)} sample directory services of {len(ORGANISATIONS)} organisations at "
              f"{len(PLACES)} places\n")
