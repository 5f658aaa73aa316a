from django.apps import AppConfig


class ContestConfig(AppConfig):
    name = "saferplaces.contest"
    label = "contest"
    verbose_name = "Contest (counter-terrorism)"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.contest import demo, measures
        from saferplaces.core import demo as registry

        measures.register_all()
        registry.register_before_load(demo.clear)
        registry.register(self.label, demo.load)
        # The reporting records and measures (threat assessments, deployment returns, Prevent).
        from saferplaces.contest import demo_reporting, measures_reporting  # noqa: F401

        registry.register_before_load(demo_reporting.clear)
        registry.register(f"{self.label}.reporting", demo_reporting.load)  # after the contest demo: its users
