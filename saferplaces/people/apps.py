from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "saferplaces.people"
    label = "people"

    def ready(self):
        from saferplaces.people import demo
        from saferplaces.core import demo as registry

        registry.register(self.label, demo.load)
