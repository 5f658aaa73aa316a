from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "saferplaces.victims"
    label = "victims"
    verbose_name = "Repeat victims"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.people.sections import register_chronology, register_section
        from saferplaces.victims import demo, measures
        from saferplaces.victims.sections import victim_chronology, victim_section

        registry.register(self.label, demo.load)
        measures.register_all()
        register_section(victim_section)
        register_chronology(victim_chronology)
        # Where a person's data is: this app's records about people (people.subject_records).
        from saferplaces.people.subject_records import register_subject_records
        from saferplaces.victims.subject_records import victim_subject_records

        register_subject_records(victim_subject_records)
