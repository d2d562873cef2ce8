from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummerschoolConfig(AppConfig):
    name = "summerschool"
    verbose_name = _("Summer schools")

    def ready(self):
        from . import tasks  # noqa: F401  (services dispatch the certificate task by name: it must be registered)
        from .deadlines import register_all

        register_all()  # the deadlines summer schools chase (reminders app)
