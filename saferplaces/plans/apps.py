from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "saferplaces.plans"
    label = "plans"
    verbose_name = "Partnership plan"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.plans import demo, kpi_sources, measures_builtin  # noqa: F401  (registers measures)

        registry.register(self.label, demo.load)
        registry.register_after_load(kpi_sources.demo_readings)
