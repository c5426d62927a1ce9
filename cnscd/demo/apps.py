from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cnscd.demo"
    verbose_name = "Dữ liệu trình diễn"
