"""Data categories: what kind of personal data a record holds. Sharing agreements name the
categories they cover; each protected model declares its category. Modules add theirs here."""

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
    "counter_terrorism": "Counter-terrorism: vulnerable sites, security assessments, plans and threat assessments",
}


def category_label(code: str) -> str:
    return CATEGORIES.get(code, code)
