"""Test data builders (factory_boy)."""

import datetime as dt

import factory

from saferplaces.accounts.models import Agency, AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.people.models import Person
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement, LegalBasis

PASSWORD = "Test-password-2024!"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"AG{n}")
    kind = AgencyKind.LOCAL_AUTHORITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CASEWORKER

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    owner_agency = factory.SubFactory(AgencyFactory)
    forename = "Alex"
    surname = factory.Sequence(lambda n: f"Surname{n}")
    date_of_birth = dt.date(1990, 1, 1)
    postcode = "W1 1AA"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationSharingAgreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ISA-{n:03d}")
    title = "Test agreement"
    purpose = "Testing"
    legal_basis = LegalBasis.CDA_S115
    data_categories = factory.LazyFunction(lambda: ["person"])
    start_date = dt.date(2020, 1, 1)
    review_date = dt.date(2099, 1, 1)
    status = AgreementStatus.ACTIVE

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.parties.set(extracted)
