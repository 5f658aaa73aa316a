from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "saferplaces.rights"
    label = "rights"
    verbose_name = "Data subject rights"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.rights import demo

        registry.register(self.label, demo.load)
