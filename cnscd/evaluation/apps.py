from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cnscd.evaluation"
    verbose_name = "Đánh giá, xếp loại"
    default_auto_field = "django.db.models.BigAutoField"
