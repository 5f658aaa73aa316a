"""The partnership's vocabulary of needs and circumstances: one ORUK ``taxonomy`` and its terms.

The terms are the needs the Safer Westminster Partnership Strategy 2017–2020 works on (victims of
domestic abuse and sexual violence, ASB, young people and gangs, offenders' pathways out of crime:
housing, substance misuse, employment and training, mental health) and the crimes its victims' work
names (fraud against older people, hate crime, modern slavery). Each term's id is a UUID derived from
its code (``uuid5``), so every installation, the demo and the tests give a term the same id and a feed
from another directory using this vocabulary matches it.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1d2a4e-3c0b-5d8e-9a71-2b4c6d8e0f13")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")
TAXONOMY_NAME = "Safer Westminster needs"
TAXONOMY_DESCRIPTION = ("Needs and circumstances the community safety partnership refers people for, "
                        "written for its directory of services.")
VERSION = "1"

#: code → (name, description)
TERMS: dict[str, tuple[str, str]] = {
    "domestic-abuse": ("Domestic abuse", "Support for people harmed by a partner, ex-partner or family member"),
    "sexual-violence": ("Sexual violence", "Support after rape, sexual assault or sexual exploitation"),
    "asb-victims": ("Victims of anti-social behaviour", "Help for people affected by anti-social behaviour"),
    "victims-of-crime": ("Victims of crime", "Emotional and practical support after any crime"),
    "hate-crime": ("Hate crime", "Support and reporting for crimes motivated by hostility to who someone is"),
    "fraud": ("Fraud and scams", "Help for people targeted by fraud or scams, often older people"),
    "modern-slavery": ("Modern slavery", "Support for people who have been trafficked or forced to work"),
    "young-people-gangs": ("Young people and gangs", "Support for young people at risk of or involved in gangs "
                                                     "or serious violence"),
    "housing": ("Housing", "Advice and help to find or keep a home, including homelessness"),
    "substance-misuse": ("Drugs and alcohol", "Treatment and support for drug and alcohol use"),
    "employment-training": ("Employment and training", "Help into work, training and education"),
    "mental-health": ("Mental health", "Support for mental health and emotional wellbeing"),
    "older-people": ("Older people", "Services for older people, including safety at home"),
    "offenders": ("Leaving crime behind", "Support for people who have offended to stop offending"),
    "families": ("Families and parenting", "Support for parents and families"),
}

#: The needs of victims: the printable "directory of victims' services" (plan action Dec-17) lists the
#: services under these terms.
VICTIM_NEEDS = ("victims-of-crime", "domestic-abuse", "sexual-violence", "asb-victims", "hate-crime", "fraud",
                "modern-slavery")


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")
