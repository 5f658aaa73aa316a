from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "saferplaces.people"
    label = "people"

    def ready(self):
        from saferplaces.core import demo as registry
        from saferplaces.people import demo

        registry.register(self.label, demo.load)
