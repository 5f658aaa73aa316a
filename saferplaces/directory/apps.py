from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "saferplaces.directory"
    label = "directory"
    verbose_name = "Directory of services"
