"""Data categories: what kind of personal data a record holds. Sharing agreements name the
categories they cover; each protected model declares its category. Modules add theirs here.

The API, for code that reads the categories (retention schedules, the records of processing):

* :data:`CATEGORIES` — code → label, every category an agreement may name (a plain ``dict[str, str]``).
* :data:`CATEGORY_CLASSES` — code → :class:`LegalClass`, the category's class in data protection law;
  :func:`category_class` reads it (every code of ``CATEGORIES`` has one: a test checks it).
* :data:`LEGAL_CLASSES` — the four classes, ``PERSONAL``, ``SPECIAL``, ``CRIMINAL`` and ``NOT_PERSONAL``.
* :data:`RESTRICTED` — categories open only to named readers.
* A category may apply to *part* of a record of another category (the DASH answers on a victim's
  referral): ``policy.models.Protected.PART_CATEGORIES`` names such fields.

A category has one class: where more than one could apply, the one whose conditions are the strictest
to meet (special category data under Article 9 asks for a condition of DPA 2018 Schedule 1 parts 1-2, or
Schedule 8 under Part 3). The class is what a data protection officer checks an agreement's legal basis
against: an agreement naming special category or criminal offence data needs the Article 9 or Article 10
condition it relies on (``legal_basis_detail``).
"""

from dataclasses import dataclass

CATEGORIES: dict[str, str] = {
    "person": "Person details (names, dates of birth, addresses, identifiers)",
    "victim": "Victim records and referrals",
    "offender": "Offender records and cohort membership",
    "asb": "Anti-social behaviour cases",
    # The civil tools against a person or premises (asb.ProtectionNotice and asb.CivilOrder).
    "enforcement": "Community Protection Warnings and Notices, closure notices and orders, injunctions, "
                   "Criminal Behaviour Orders and Acceptable Behaviour Contracts",
    "marac": "MARAC: meetings, case lists, agencies' research, safety plans and actions",
    # Gangs-cohort memberships, their notes and their marks (offenders.gangs): shared only by an
    # agreement that names them, never as offender records (the ICO's Gangs Matrix notice, 2018).
    "gangs": "Gangs cohort: memberships, marks (at risk or perpetrator), criteria, scores and reviews",
    # Sensitive, not personal: what makes a crowded place vulnerable. The Terrorism (Protection of Premises)
    # Act 2025 restricts disclosure of premises plans; shared only by agreement, every view logged.
    "counter_terrorism": "Counter-terrorism: vulnerable sites, security assessments and plans",
    # Narrower than counter_terrorism: an agreement covering that category does not open it, and even
    # within the agencies sharing it only the category's named readers see its records (RESTRICTED).
    "counter_terrorism_restricted": "Counter-terrorism, restricted: the monthly threat assessment (named readers only)",
}


@dataclass(frozen=True)
class Restricted:
    """Who keeps a restricted category's named readers (``keeper``, a role permission) and the role
    permission a reader's role must have to read its records at all (``reader``)."""

    keeper: str
    reader: str


#: A record of a restricted category is open only to its named readers (``policy.models.NamedReader``),
#: and to them only where an ordinary relationship (own agency, agreement, grant, casework) also holds.
RESTRICTED: dict[str, Restricted] = {
    "counter_terrorism_restricted": Restricted(keeper="contest.manage", reader="contest.view"),
}


def category_label(code: str) -> str:
    return CATEGORIES.get(code, code)


# --- finer categories and their classes in law (issue 17) ----------------------------------------

@dataclass(frozen=True)
class LegalClass:
    """A class of data in UK data protection law: ``code`` (stable, for code and exports), ``label`` (for
    people), ``law`` (the provisions that govern it)."""

    code: str
    label: str
    law: str

    def __str__(self) -> str:
        return self.label


PERSONAL = LegalClass("personal", "Personal data",
                      "UK GDPR Article 6 (a lawful basis); DPA 2018 Part 3 s.35 for law enforcement processing")
SPECIAL = LegalClass("special_category", "Special category data",
                     "UK GDPR Article 9 and DPA 2018 s.10 with a Schedule 1 condition; for law enforcement, "
                     "'sensitive processing' under DPA 2018 s.35(3)-(5) and Schedule 8")
CRIMINAL = LegalClass("criminal_offence", "Criminal offence data",
                      "UK GDPR Article 10 and DPA 2018 s.10(5) and s.11(2) with a Schedule 1 condition")
NOT_PERSONAL = LegalClass("not_personal", "Not personal data (security-sensitive)",
                          "Outside UK GDPR; the Government Security Classifications and, for premises plans, the "
                          "Terrorism (Protection of Premises) Act 2025")

LEGAL_CLASSES: dict[str, LegalClass] = {c.code: c for c in (PERSONAL, SPECIAL, CRIMINAL, NOT_PERSONAL)}



CATEGORIES.update({
    # Split from victim and marac: the DASH answers on a victim's referral (victims.Referral.PART_CATEGORIES)
    # and safety plans. They reveal health (depression, suicidal thoughts, pregnancy) and sex life, so they
    # are shared only by an agreement that names them, made for MARAC's purpose, not by every agreement
    # that shares victims' records (issue 17: a housing partner saw full DASH answers).
    "domestic_abuse": "Domestic abuse: DASH risk checklist answers, the reasons for professional judgement, "
                      "safety plans",
    # Split from offender: the Youth Offending Service's cohort (children who have offended; the youth
    # justice system's aim is set by the Crime and Disorder Act 1998 s.37, its teams by s.39).
    "youth_justice": "Youth justice: Youth Offending Service cohort memberships and their casework",
    # Data concerning health (UK GDPR Article 4(15)), so that an agreement with a health partner can name
    # it. No record or part of one is of this category yet: the health, drugs and alcohol scores of an
    # offender's needs assessment are still shared as the membership is (docs/categories.md).
    "health": "Health: physical and mental health, drug and alcohol needs",
})

#: code → its class in law. Why each is in its class:
CATEGORY_CLASSES: dict[str, LegalClass] = {
    # Identity and contact details: ordinary personal data (UK GDPR Article 4(1)).
    "person": PERSONAL,
    # Data relating to offences committed against the person: Article 10 reads "relating to" broadly (ICO,
    # "What is criminal offence data?"), and the police hold it under DPA 2018 Part 3.
    "victim": CRIMINAL,
    # The offences, convictions and sentences of offenders (Article 10; DPA 2018 s.11(2)(a)-(b)).
    "offender": CRIMINAL,
    # Anti-social behaviour is civil (Anti-social Behaviour, Crime and Policing Act 2014 Part 1): ordinary.
    "asb": PERSONAL,
    # Breaching a CPN is an offence (2014 Act s.48) and a Criminal Behaviour Order is made on conviction (s.22):
    # "related security measures" and proceedings under Article 10.
    "enforcement": CRIMINAL,
    # The case list's equality fields (ethnic origin, sexual orientation, disability, pregnancy) are Article
    # 9(1) data; its research names suspected perpetrators too (also Article 10).
    "marac": SPECIAL,
    # Suspected or alleged involvement in gang crime (Article 10; the ICO's Gangs Matrix enforcement notice, 2018).
    "gangs": CRIMINAL,
    # Vulnerable sites and their protection: not about people.
    "counter_terrorism": NOT_PERSONAL,
    "counter_terrorism_restricted": NOT_PERSONAL,
    # Health and sex life (Article 9(1)); also about offences, but Article 9's conditions are the stricter
    # (DPA 2018 Schedule 1 paragraph 18, safeguarding of children and individuals at risk).
    "domestic_abuse": SPECIAL,
    # Children's offending (Article 10; DPA 2018 s.11(2)); children merit specific protection (Recital 38).
    "youth_justice": CRIMINAL,
    # Data concerning health (Article 9(1); Article 4(15)).
    "health": SPECIAL,
}


def category_class(code: str) -> LegalClass:
    """The class in law of the data category ``code`` (a :class:`LegalClass`); KeyError for an unknown code."""
    return CATEGORY_CLASSES[code]


def category_choices() -> list[tuple[str, str]]:
    """(code, "label (class)") for every category: what an agreement's form offers."""
    return [(code, f"{label} ({category_class(code).label.lower()})") for code, label in CATEGORIES.items()]
