from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "saferplaces.directory"
    label = "directory"
    verbose_name = "Directory of services"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.core import demo as registry
        from saferplaces.directory import demo, registry_contracts

        registry.register(self.label, demo.load)
        # Referrals, contracts and returns: measures, the board pack's section, their demo (issue 16).
        registry_contracts.register_all()
