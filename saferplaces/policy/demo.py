"""Sample information-sharing agreements, made active the way a real one becomes so: a party's data
protection officer proposes it and the DPO of every party signs it off, through the services.

A party with no DPO among the demo's sign-in accounts gets a signing-only DPO account
(``dpo.<agency>``, no password: nobody signs in with it), so that every sign-off names a DPO of its
agency."""

import datetime as dt

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import Role
from saferplaces.policy import services
from saferplaces.policy.models import InformationSharingAgreement, LegalBasis


def _dpo(agency: Agency) -> User:
    dpo = User.objects.filter(agency=agency, role=Role.DPO, is_active=True).order_by("pk").first()
    if dpo is None:
        username = "dpo." + "".join(ch for ch in agency.short_name.lower() if ch.isalnum())
        dpo = User(username=username, first_name="Demo", last_name=f"DPO ({agency.short_name})", agency=agency,
                   role=Role.DPO, job_title="Data protection officer (signs demo agreements only)",
                   email=f"{username}@demo.invalid")
        dpo.set_unusable_password()
        dpo.save()
    return dpo


def agreement_in_force(*, reference: str, parties: list[str], **fields) -> InformationSharingAgreement:
    """The sample agreement ``reference`` between the agencies named ``parties`` (short names, the
    proposer's first), proposed and signed off by every party's DPO; left as it is when it exists."""
    existing = InformationSharingAgreement.objects.filter(reference=reference).order_by("version").last()
    if existing is not None:
        return existing
    agencies = [Agency.objects.get(short_name=name) for name in parties]
    dpos = [_dpo(agency) for agency in agencies]
    agreement = services.agreement_propose(actor=dpos[0], agreement=InformationSharingAgreement(
        reference=reference, **fields), parties=agencies)
    for dpo in dpos:
        agreement = services.agreement_sign(actor=dpo, agreement=agreement)
    return agreement


def load(out) -> None:
    agreement_in_force(
        reference="SWP-ISA-001",
        parties=["MPS", "WCC", "VS", "CWH"],
        title="Safer Westminster Partnership: ASB, victims and community safety (sample)",
        purpose=(
            "To identify and support repeat victims of crime and anti-social behaviour, and to manage "
            "ASB cases and Community Protection Warnings and Notices across the partnership."
        ),
        legal_basis=LegalBasis.CDA_S115,
        legal_basis_detail="Section 115 of the Crime and Disorder Act 1998; DPA 2018 Part 3 for the police.",
        data_categories=["person", "victim", "asb", "enforcement"],
        start_date=dt.date(2017, 4, 1),
        review_date=dt.date(2027, 3, 31),
    )
    # The sharing claims the demo prints follow one pattern ("agreement REF: A, B and C see each other's
    # x and y records"): tests/policy/test_demo_claims.py checks each against policy on the loaded demo.
    out.write("  agreement SWP-ISA-001: MPS, WCC, VS and CWH see each other's person, victim, asb and enforcement "
              "records")
    out.write("  1 information-sharing agreement (MPS, WCC, Victim Support, CityWest Homes), signed off by "
              "each party's data protection officer")
