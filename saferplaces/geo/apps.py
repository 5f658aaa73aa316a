from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "saferplaces.geo"
    label = "geo"
    verbose_name = "Postcodes and maps"

    def ready(self):
        # Imported here: the demo loader imports models, which the app registry allows only once apps are loaded.
        from saferplaces.core import demo as registry
        from saferplaces.geo import demo

        registry.register(self.label, demo.load)
