from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "saferplaces.policy"
    label = "policy"

    def ready(self):
        from saferplaces.core import demo as registry
        from saferplaces.policy import demo

        registry.register(self.label, demo.load)
