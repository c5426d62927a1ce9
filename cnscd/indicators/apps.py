from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cnscd.indicators"
    verbose_name = "Chỉ tiêu, báo cáo định kỳ và tổng hợp"
