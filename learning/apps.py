from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("After acceptance: learning agreements, recognition, grants")

    def ready(self):
        from .services.reminders import register_all

        # The follow-ups staff chase (reminders app: one sweep, one ledger).
        register_all()
