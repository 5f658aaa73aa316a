from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "saferplaces.maps"
    label = "maps"
    verbose_name = "The partnership's map"

    def ready(self):
        from saferplaces.core import demo as registry
        from saferplaces.maps import demo

        registry.register(self.label, demo.load)
