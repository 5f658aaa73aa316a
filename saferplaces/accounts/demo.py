"""Demo agencies (the partnership's own, as the strategy names them), one user per role and one sample
user enrolled in the second factor."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferplaces.accounts.models import Agency, AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.accounts.second_factor import APP_DEVICE, RECOVERY_DEVICE, secret_text
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
    ("mfa.wcc", "Sam", "Carter", "WCC", Role.CASEWORKER, "ASB caseworker (second-factor sample)"),
    ("ctlead.wcc", "Imran", "Qureshi", "WCC", Role.CT_LEAD, "Counter-terrorism lead, Contest delivery group"),
    ("ctsa.mps", "Kate", "Lowe", "MPS", Role.CT_ADVISER, "Counter-terrorism security adviser"),
]

#: The sample user who has set up a second factor, its authenticator key (printed by the demo: a
#: published secret, for the demo only) and its recovery codes (reloading the demo renews them).
SECOND_FACTOR_USER = "mfa.wcc"
SECOND_FACTOR_KEY = "53616665722d506c616365732d64656d6f2d6b6579"
SECOND_FACTOR_RECOVERY = ["sample-code-1", "sample-code-2", "sample-code-3"]


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
    _enrol_sample(User.objects.get(username=SECOND_FACTOR_USER))
    out.write(f"  {len(AGENCIES)} agencies, {len(USERS)} users ({SECOND_FACTOR_USER} with a second factor)")


def _enrol_sample(user: User) -> None:
    TOTPDevice.objects.update_or_create(user=user, defaults={"name": APP_DEVICE, "key": SECOND_FACTOR_KEY,
                                                            "confirmed": True})
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in SECOND_FACTOR_RECOVERY)


def sign_in_lines() -> list[str]:
    """One line per demo account for ``manage.py demo`` to print."""
    lines = [f"{username:<18} {role.label:<26} {agency:<8} password: {DEMO_PASSWORD}"
             for username, first, last, agency, role, title in USERS]
    key = secret_text(TOTPDevice(key=SECOND_FACTOR_KEY))
    return lines + [
        "",
        f"{SECOND_FACTOR_USER} shows the second factor: after the password it asks for a security code.",
        f"  Add this sample key to an authenticator app (enter a key, time-based): {key}",
        f"  or a sample recovery code (each works once; `make demo` renews them): {', '.join(SECOND_FACTOR_RECOVERY)}",
    ]
