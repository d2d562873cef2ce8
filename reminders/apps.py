from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from . import tasks  # noqa: F401  (beat runs the sweep by name: it must be registered)
        from .services import sync_rules

        # Every reminder registered in code has its row (enabled, offset) for staff to steer.
        post_migrate.connect(lambda **kwargs: sync_rules(), sender=self, weak=False)
