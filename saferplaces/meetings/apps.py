from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "saferplaces.meetings"
    label = "meetings"
    verbose_name = "Partnership meetings"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.meetings import demo

        registry.register_before_load(demo.clear)
        registry.register(self.label, demo.load)
