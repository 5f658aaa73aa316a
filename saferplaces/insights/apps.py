from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "saferplaces.insights"
    label = "insights"
    verbose_name = "Evidence"

    def ready(self):
        from saferplaces.core import demo as registry
        from saferplaces.insights import demo

        registry.register_after_load(demo.build_demo_report)
