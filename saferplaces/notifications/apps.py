from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "saferplaces.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Imported here, not at module level: the receivers import models, which Django's app registry
        # allows only once every app is loaded. Policy sits below the business apps and cannot call us,
        # so a grant to an agency is heard through its post_save signal.
        from saferplaces.notifications import receivers  # noqa: F401  (connects the receivers)
