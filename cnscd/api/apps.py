from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cnscd.api"
    verbose_name = "API"
