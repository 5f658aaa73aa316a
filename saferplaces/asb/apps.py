from django.apps import AppConfig


class AsbConfig(AppConfig):
    name = "saferplaces.asb"
    label = "asb"
    verbose_name = "Anti-social behaviour"

    def ready(self):
        from django.db.models import Q

        from saferplaces.asb import demo, measures  # noqa: F401  (measures register themselves)
        from saferplaces.asb.models import AsbCase, ProtectionNotice
        from saferplaces.asb.sections import asb_section
        from saferplaces.core import demo as registry
        from saferplaces.people.sections import register_section
        from saferplaces.policy.access import register_association

        # An agency given a task on a case takes part in it: it sees (and works on) the case and its
        # warnings and notices.
        register_association(AsbCase, lambda actor: Q(tasks__assigned_agency_id=actor.agency_id))
        register_association(ProtectionNotice, lambda actor: Q(case__tasks__assigned_agency_id=actor.agency_id))
        registry.register(self.label, demo.load)
        register_section(asb_section)
