from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "saferplaces.insights"
    label = "insights"
    verbose_name = "Evidence"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.insights import demo, measures

        registry.register_after_load(demo.build_demo_report)
        measures.register_all()
