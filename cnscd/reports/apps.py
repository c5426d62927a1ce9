from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cnscd.reports"
    verbose_name = "Báo cáo định kỳ"
    default_auto_field = "django.db.models.BigAutoField"
