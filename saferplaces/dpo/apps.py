from django.apps import AppConfig


class DpoConfig(AppConfig):
    name = "saferplaces.dpo"
    label = "dpo"
    verbose_name = "Data protection"

    def ready(self):
        # Imported here, once every app is loaded: these modules import models. The access log (audit,
        # below policy) asks this app what a viewer may see of an event's record and which records are a
        # data subject's.
        from saferplaces.audit import showing
        from saferplaces.core import demo as registry
        from saferplaces.dpo import demo, subjects

        showing.register_presenter(subjects.present_records)
        showing.register_subject_finder(subjects.subject_records)
        registry.register(self.label, demo.load)
