from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferplaces.accounts"
    label = "accounts"
    verbose_name = "Agencies and users"

    def ready(self):
        from saferplaces.accounts import demo
        from saferplaces.core import demo as registry

        registry.register(self.label, demo.load)
