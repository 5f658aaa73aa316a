from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "saferplaces.policy"
    label = "policy"

    def ready(self):
        from saferplaces.policy import demo
        from saferplaces.core import demo as registry

        registry.register(self.label, demo.load)
