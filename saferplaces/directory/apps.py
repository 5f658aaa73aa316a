from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "saferplaces.directory"
    label = "directory"
    verbose_name = "Directory of services"

    def ready(self):
        # Imported here: these modules import models, which Django allows once every app is loaded.
        from saferplaces.directory import registry_contracts

        registry_contracts.register_all()
