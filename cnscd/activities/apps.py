from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "cnscd.activities"
    verbose_name = "Nhật ký hoạt động của Tổ CNSCĐ"
