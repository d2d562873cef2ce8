from django.apps import AppConfig


class SummerschoolConfig(AppConfig):
    name = "summerschool"
    verbose_name = "Summer schools"

    def ready(self):
        from . import tasks  # noqa: F401  (services dispatch the certificate task by name: it must be registered)
        from .deadlines import register_all

        register_all()  # the deadlines summer schools chase (reminders app)
