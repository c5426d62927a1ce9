from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cnscd.accounts"
    verbose_name = "Tài khoản và phân quyền"
