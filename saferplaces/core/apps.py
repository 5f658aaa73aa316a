from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saferplaces.core"
    label = "core"
