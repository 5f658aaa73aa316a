from django.apps import AppConfig


class OffendersConfig(AppConfig):
    name = "saferplaces.offenders"
    label = "offenders"
    verbose_name = "Offender cohorts"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.offenders import demo, demo_gangs, demo_offending, measures
        from saferplaces.offenders.sections import cohort_chronology, cohort_section
        from saferplaces.people.sections import register_chronology, register_section

        registry.register(self.label, demo.load)
        registry.register_before_load(demo_offending.clear)
        measures.register_all()
        measures.register_offending()
        register_section(cohort_section)
        register_chronology(cohort_chronology)
        registry.register_before_load(demo_gangs.clear)
        # Where a person's data is: this app's records about people (people.subject_records).
        from saferplaces.offenders.subject_records import offender_subject_records
        from saferplaces.people.subject_records import register_subject_records

        register_subject_records(offender_subject_records)
