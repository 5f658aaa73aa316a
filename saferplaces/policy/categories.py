"""Data categories: what kind of personal data a record holds. Sharing agreements name the
categories they cover; each protected model declares its category. Modules add theirs here."""

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
