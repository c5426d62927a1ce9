from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cnscd.core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from django.urls import register_converter

        from cnscd.core import checks  # noqa: F401  (registers system checks)
        from cnscd.core.params import IdConverter

        # Before any URLconf is read: `<id:pk>` answers 404 for an id no row
        # can have (beyond 64 bits), where `<int:pk>` reached the database.
        register_converter(IdConverter, "id")
