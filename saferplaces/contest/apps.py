from django.apps import AppConfig


class ContestConfig(AppConfig):
    name = "saferplaces.contest"
    label = "contest"
    verbose_name = "Contest (counter-terrorism)"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.contest import demo
        from saferplaces.core import demo as registry

        registry.register_before_load(demo.clear)
        registry.register(self.label, demo.load)
