"""A sample information-sharing agreement, as the partnership's community safety ISA might read."""

import datetime as dt

from saferplaces.accounts.models import Agency
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement, LegalBasis


def load(out) -> None:
    agreement, _ = InformationSharingAgreement.objects.update_or_create(
        reference="SWP-ISA-001",
        defaults={
            "title": "Safer Westminster Partnership: ASB, victims and community safety (sample)",
            "purpose": (
                "To identify and support repeat victims of crime and anti-social behaviour, and to manage "
                "ASB cases and Community Protection Warnings and Notices across the partnership."
            ),
            "legal_basis": LegalBasis.CDA_S115,
            "legal_basis_detail": "Section 115 of the Crime and Disorder Act 1998; DPA 2018 Part 3 for the police.",
            "data_categories": ["person", "victim", "asb", "enforcement"],
            "start_date": dt.date(2017, 4, 1),
            "review_date": dt.date(2027, 3, 31),
            "end_date": None,
            "status": AgreementStatus.ACTIVE,
        },
    )
    agreement.parties.set(Agency.objects.filter(short_name__in=["MPS", "WCC", "VS", "CWH"]))
    out.write("  1 information-sharing agreement (MPS, WCC, Victim Support, CityWest Homes)")
