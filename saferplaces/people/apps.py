from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "saferplaces.people"
    label = "people"

    def ready(self):
        # Imported here: the demo loader imports models, which Django allows only once apps are ready.
        from saferplaces.core import demo as registry
        from saferplaces.people import demo

        registry.register(self.label, demo.load)
        # Where a person's data is (the person records themselves: other apps add theirs).
        from saferplaces.people.subject_records import person_records, register_subject_records

        register_subject_records(person_records)
