from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferplaces.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        # Imported here, once every app is loaded (the history module imports models): importing it
        # connects the signal receivers that keep the change history.
        from saferplaces.audit import history  # noqa: F401
