from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cnscd.core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from cnscd.core import checks  # noqa: F401  (registers system checks)
