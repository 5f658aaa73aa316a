"""Demo agencies (the partnership's own, as the strategy names them) and one user per role."""

from saferplaces.accounts.models import Agency, AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.core.demo import DEMO_PASSWORD

AGENCIES = [
    ("Metropolitan Police Service (Westminster)", "MPS", AgencyKind.POLICE),
    ("Westminster City Council", "WCC", AgencyKind.LOCAL_AUTHORITY),
    ("Mayor's Office for Policing and Crime", "MOPAC", AgencyKind.PCC),
    ("London Fire Brigade", "LFB", AgencyKind.FIRE),
    ("Central London Clinical Commissioning Group", "CLCCG", AgencyKind.HEALTH),
    ("National Probation Service (London)", "NPS", AgencyKind.PROBATION),
    ("MTC Novo (London Community Rehabilitation Company)", "MTC Novo", AgencyKind.REHABILITATION_COMPANY),
    ("Victim Support", "VS", AgencyKind.VICTIM_SERVICE),
    ("CityWest Homes", "CWH", AgencyKind.HOUSING),
]

#: username, first name, last name, agency short name, role, job title
USERS = [
    ("caseworker.wcc", "Amina", "Hussain", "WCC", Role.CASEWORKER, "ASB caseworker"),
    ("caseworker.mps", "Tom", "Reilly", "MPS", Role.CASEWORKER, "Safer Neighbourhoods officer"),
    ("caseworker.vs", "Grace", "Okafor", "VS", Role.CASEWORKER, "Victim care officer"),
    ("caseworker.nps", "Daniel", "Price", "NPS", Role.CASEWORKER, "Probation officer"),
    ("manager.wcc", "Helen", "Marsh", "WCC", Role.MANAGER, "ASB team manager"),
    ("manager.mps", "Raj", "Patel", "MPS", Role.MANAGER, "Inspector, partnership"),
    ("analyst.wcc", "Sofia", "Martins", "WCC", Role.ANALYST, "Community safety analyst"),
    ("analyst.mps", "Owen", "Hughes", "MPS", Role.ANALYST, "Crime analyst"),
    ("coordinator.wcc", "Priya", "Shah", "WCC", Role.COORDINATOR, "Partnership coordinator"),
    ("partner.lfb", "Mark", "Evans", "LFB", Role.READ_ONLY_PARTNER, "Borough commander's staff officer"),
    ("partner.cwh", "Lucy", "Brennan", "CWH", Role.READ_ONLY_PARTNER, "Tenancy sustainment officer"),
    ("admin.wcc", "Chris", "Wood", "WCC", Role.ADMINISTRATOR, "Systems administrator"),
    ("dpo.wcc", "Nadia", "Rahman", "WCC", Role.DPO, "Data protection officer"),
    ("dpo.mps", "Paul", "Adams", "MPS", Role.DPO, "Information manager"),
    ("scrutiny.wcc", "Alan", "Jones", "WCC", Role.SCRUTINY, "Councillor, Policy and Scrutiny Committee"),
]


def load(out) -> None:
    for name, short, kind in AGENCIES:
        Agency.objects.update_or_create(short_name=short, defaults={"name": name, "kind": kind})
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for username, first, last, agency, role, title in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "agency": agencies[agency], "role": role,
                      "job_title": title, "email": f"{username}@demo.invalid", "is_active": True},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    out.write(f"  {len(AGENCIES)} agencies, {len(USERS)} users")


def sign_in_lines() -> list[str]:
    """One line per demo account for ``manage.py demo`` to print."""
    return [f"{username:<18} {role.label:<26} {agency:<8} password: {DEMO_PASSWORD}"
            for username, first, last, agency, role, title in USERS]
