from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "cnscd.dashboards"
    verbose_name = "Bảng điều khiển"
    default_auto_field = "django.db.models.BigAutoField"
