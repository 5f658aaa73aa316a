from django.apps import AppConfig


class AsbConfig(AppConfig):
    name = "saferplaces.asb"
    label = "asb"
    verbose_name = "Anti-social behaviour"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded. (The agencies that take part in a case are
        # declared in saferplaces.policy.associations.)
        from saferplaces.asb import demo, measures  # noqa: F401  (measures register themselves)
        from saferplaces.asb.sections import asb_chronology, asb_section
        from saferplaces.core import demo as registry
        from saferplaces.people.sections import register_chronology, register_section

        registry.register(self.label, demo.load)
        register_section(asb_section)
        register_chronology(asb_chronology)
        # Where a person's data is: this app's records about people (people.subject_records).
        from saferplaces.asb.subject_records import asb_subject_records
        from saferplaces.people.subject_records import register_subject_records

        register_subject_records(asb_subject_records)
