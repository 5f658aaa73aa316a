from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from saferplaces.accounts.middleware import remember_sign_in


class AccountsConfig(AppConfig):
    name = "saferplaces.accounts"
    label = "accounts"
    verbose_name = "Agencies and users"

    def ready(self):
        # Imported here, not at module level: the demo module imports models, which Django's app
        # registry allows only once every app is loaded.
        from saferplaces.accounts import demo
        from saferplaces.core import demo as registry

        user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")
        registry.register(self.label, demo.load)
        registry.register_sign_in(demo.sign_in_lines)
