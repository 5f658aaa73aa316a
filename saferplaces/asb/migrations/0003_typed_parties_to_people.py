"""Parties typed into a case before issue 12 become person records, so that people search and
linkage see them: each non-business party without a person record gets one, held by the case's
lead agency (which recorded it), and the party then refers to it instead of keeping a copy.
Businesses keep their typed details. Written against the migration's models only (no app code), so
it runs the same later; ``parties_to_people`` is also what the test of this migration calls."""

from django.db import migrations


def _split(name):
    # The same rule as people.services.split_name: the last word is the surname.
    words = name.split()
    return (" ".join(words[:-1]), words[-1]) if words else ("", "")


def parties_to_people(apps, schema_editor):
    Party = apps.get_model("asb", "Party")
    Person = apps.get_model("people", "Person")
    typed = (Party.objects.filter(person__isnull=True, is_business=False).exclude(name="")
             .select_related("case").order_by("pk"))
    for party in typed.iterator():
        forename, surname = _split(party.name)
        person = Person.objects.create(owner_agency_id=party.case.owner_agency_id, forename=forename,
                                       surname=surname, date_of_birth=party.date_of_birth,
                                       address=party.address, postcode=party.postcode.upper().strip())
        Party.objects.filter(pk=party.pk).update(person=person, name="", date_of_birth=None, address="",
                                                 postcode="")


class Migration(migrations.Migration):

    dependencies = [
        ("asb", "0002_party_person_reference"),
        ("people", "0002_linkagerun_candidatepair_personlink_clericallabel"),
    ]

    operations = [
        migrations.RunPython(parties_to_people, migrations.RunPython.noop),
    ]
