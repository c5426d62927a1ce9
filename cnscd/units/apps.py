from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "cnscd.units"
    verbose_name = "Đơn vị hành chính"
