from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        from . import tasks  # noqa: F401  (emails dispatch the delivery task by name: it must be registered)
