from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "saferplaces.policy"
    label = "policy"

    def ready(self):
        # Imported here, not at module level: these modules import models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.policy import access, demo

        registry.register(self.label, demo.load)
        access.register_declared_associations(self.apps.get_model)
