from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "saferplaces.retention"
    label = "retention"
    verbose_name = "Retention and deletion"

    def ready(self):
        # Imported here, not at module level: the demo module imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.retention import demo

        registry.register(self.label, demo.load)
