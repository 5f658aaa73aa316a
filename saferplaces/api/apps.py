from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "saferplaces.api"
    label = "partnerapi"
    verbose_name = "Partner API"
