from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferplaces.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from saferplaces.audit import history  # noqa: F401  (connects the history signals)
