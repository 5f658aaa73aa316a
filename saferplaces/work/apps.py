from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "saferplaces.work"
    label = "work"
    verbose_name = "My work"
