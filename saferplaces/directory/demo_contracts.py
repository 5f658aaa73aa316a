"""Demo commissioned services (sample data): the victim care contract of the directory's sample victim
care organisation (kept by Victim Support) and the domestic and sexual violence contract of its sample
women's service (a member of the Angelou Partnership), each with its return template and the returns
of its last quarters; Victim Support's latest overdue return is missing, so My work and the board
pack show it. One provider user per provider organisation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.core.dates import add_months
from saferplaces.core.demo import DEMO_PASSWORD
from saferplaces.directory import contracts
from saferplaces.directory.models import Organization, Service, ServiceStatus
from saferplaces.directory.models_contracts import Contract, Figure, PerformanceReturn
from saferplaces.plans.models import KPI, KPIReading

#: the agency of the sample women's service's staff (the directory's demo names no agency for it)
WOMENS_SERVICE = ("Haven Lane Women's Service", "Haven", AgencyKind.VOLUNTARY)
#: username, first name, last name, agency short name, job title
PROVIDER_USERS = [
    ("provider.vs", "Ruth", "Campbell", "VS", "Contract monitoring officer, Victim Support"),
    ("provider.haven", "Leah", "Morgan", "Haven", "Performance officer, Haven Lane Women's Service"),
]
VS_KPI = "Victim Support service user data"
ANGELOU_KPI = "Women reporting increased physical or psychological safety and feelings of safety"

#: code, label, maximum, part of, breakdown, plan KPI
VS_FIGURES = [
    ("service_users", "Service users supported in the quarter", None, "", "", VS_KPI),
    ("referrals_received", "Referrals received", None, "", "", ""),
    ("female", "Service users: female", None, "service_users", "sex", ""),
    ("male", "Service users: male", None, "service_users", "sex", ""),
    ("sex_not_known", "Service users: sex not known", None, "service_users", "sex", ""),
    ("age_under_18", "Service users: under 18", None, "service_users", "age", ""),
    ("age_18_64", "Service users: 18 to 64", None, "service_users", "age", ""),
    ("age_65_over", "Service users: 65 and over", None, "service_users", "age", ""),
]
ANGELOU_FIGURES = [
    ("cases_closed", "Women whose support closed in the quarter", None, "", "", ""),
    ("safer_share", "Share of them reporting increased safety at closure (%)", 100, "", "", ANGELOU_KPI),
    ("referrals_received", "Referrals received", None, "", "", ""),
]


def clear(out) -> None:
    """Before every loader: the sample contracts refer to the directory's sample organisations."""
    PerformanceReturn.objects.filter(contract__is_sample=True).delete()
    Contract.objects.filter(is_sample=True).delete()


def _organisation(name: str, agency: Agency, words: str) -> Organization:
    """The directory demo's organisation of that name (made here if the directory has none)."""
    organisation = Organization.objects.filter(name__startswith=name).order_by("name", "pk").first()
    if organisation is None:
        organisation = Organization.objects.create(name=f"{name} (sample)", description=f"Sample: {words}",
                                                   is_sample=True)
    if organisation.agency_id is None:
        organisation.agency = agency
        organisation.save()
    if not organisation.services.exists():
        Service.objects.create(organization=organisation, name=f"{name}: {words}", status=ServiceStatus.ACTIVE,
                               description=f"Sample service: {words}", is_sample=True)
    return organisation


def _figures(contract: Contract, rows) -> None:
    kpis = {kpi.name: kpi for kpi in KPI.objects.filter(name__in={row[5] for row in rows if row[5]})}
    made: dict[str, Figure] = {}
    for order, (code, label, maximum, part_of, breakdown, kpi) in enumerate(rows):
        made[code] = Figure.objects.create(contract=contract, code=code, label=label, maximum=maximum,
                                           whole_number=maximum is None, part_of=made.get(part_of),
                                           breakdown=breakdown, kpi=kpis.get(kpi), order=order)


def _vs_values(i: int) -> dict[str, float]:
    total = 140 + 9 * i
    age_under_18 = 3 + i % 2  # a small count: suppressed where shown to those who do not work the cases
    return {"service_users": total, "referrals_received": 180 + 7 * i, "female": total - 60 - i,
            "male": 58 + i, "sex_not_known": 2, "age_under_18": age_under_18, "age_65_over": 12,
            "age_18_64": total - age_under_18 - 12}


def _angelou_values(i: int) -> dict[str, float]:
    return {"cases_closed": 40 + i, "safer_share": 78 + i, "referrals_received": 65 + 2 * i}


def _returns(contract: Contract, values, today: dt.date, skip_latest_overdue: bool) -> int:
    owed = contracts.returns_owed(contract.starts_on, contract.ends_on, (), today)
    skip = next((row.period_start for row in owed if today > row.due_on), None) if skip_latest_overdue else None
    figures = list(contract.figures.filter(kpi__isnull=False))
    count = 0
    for i, row in enumerate(reversed(owed)):
        if row.period_start == skip:
            continue
        numbers = values(i)
        PerformanceReturn.objects.create(contract=contract, period_start=row.period_start, values=numbers,
                                         is_sample=True, submitted_at=timezone.now())
        for figure in figures:
            KPIReading.objects.update_or_create(kpi=figure.kpi, period_start=row.period_start, defaults={
                "value": numbers[figure.code], "is_sample": True,
                "commentary": f"Sample: from the return under contract {contract.reference}"})
        count += 1
    return count


def load(out) -> None:
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    name, short, kind = WOMENS_SERVICE
    agencies[short], _ = Agency.objects.update_or_create(short_name=short, defaults={"name": name, "kind": kind})
    for username, first, last, agency, title in PROVIDER_USERS:
        user, _ = User.objects.update_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "agency": agencies[agency], "role": Role.PROVIDER,
            "job_title": title, "email": f"{username}@demo.invalid", "is_active": True})
        user.set_password(DEMO_PASSWORD)
        user.save()
    vs = _organisation("Westminster Victim Care", agencies["VS"], "help for victims of crime in Westminster")
    womens = _organisation("Haven Lane Women's Service", agencies["Haven"],
                           "support for women experiencing domestic and sexual violence")
    today = timezone.localdate()
    start = add_months(today.replace(day=1), -15)
    council = agencies.get("WCC") or Agency.objects.order_by("pk").first()
    made = 0
    for provider, reference, title, fund, value, rows, values, skip in (
            (vs, "SAMPLE-LCPF-VS", "Westminster victim care (sample)", "MOPAC London Crime Prevention Fund",
             "120000", VS_FIGURES, _vs_values, True),
            (womens, "SAMPLE-LCPF-HAVEN", "Domestic and sexual violence support, Angelou Partnership (sample)",
             "MOPAC London Crime Prevention Fund, with the council's VAWG budget", "240000", ANGELOU_FIGURES,
             _angelou_values, False)):
        contract = Contract.objects.create(reference=reference, title=title, provider=provider, commissioner=council,
                                           fund=fund, value=value, starts_on=start,
                                           ends_on=add_months(start, 36) - dt.timedelta(days=1), is_sample=True)
        contract.services.set(provider.services.all())
        _figures(contract, rows)
        made += _returns(contract, values, today, skip)
    out.write(f"  2 commissioned-service contracts with {made} quarterly returns (sample), "
              f"{len(PROVIDER_USERS)} provider users")


def sign_in_lines() -> list[str]:
    return [f"{username:<18} {Role.PROVIDER.label:<26} {agency:<8} password: {DEMO_PASSWORD}"
            for username, first, last, agency, title in PROVIDER_USERS]
