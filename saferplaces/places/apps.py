from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "saferplaces.places"
    label = "places"
    verbose_name = "Problem solving and tasking"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.places import demo, measures

        measures.register_all()
        registry.register(self.label, demo.load)
