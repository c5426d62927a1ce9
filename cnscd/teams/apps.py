from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "cnscd.teams"
    verbose_name = "Tổ chỉ đạo, Tổ CNSCĐ và thành viên"
