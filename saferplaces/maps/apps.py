from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "saferplaces.maps"
    label = "maps"
    verbose_name = "The partnership's map"

    def ready(self):
        # Imported here: the demo loader imports models, which the app registry allows only once apps are loaded.
        from saferplaces.core import demo as registry
        from saferplaces.maps import demo

        registry.register(self.label, demo.load)
