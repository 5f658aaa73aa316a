from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "saferplaces.places"
    label = "places"
    verbose_name = "Problem solving and tasking"

    def ready(self):
        from saferplaces.core import demo as registry
        from saferplaces.places import demo, measures

        measures.register_all()
        registry.register(self.label, demo.load)
