from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "saferplaces.marac"
    label = "marac"
    verbose_name = "MARAC meetings"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded. (The agencies attending a meeting take part
        # in its cases: declared in saferplaces.policy.associations.)
        from saferplaces.core import demo as registry
        from saferplaces.marac import demo, measures

        registry.register_before_load(demo.clear)
        registry.register(self.label, demo.load)
        measures.register_all()
        # Where a person's data is: this app's records about people (people.subject_records).
        from saferplaces.marac.subject_records import marac_subject_records
        from saferplaces.people.subject_records import register_subject_records

        register_subject_records(marac_subject_records)
