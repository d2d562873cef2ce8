from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from . import services
        from .deadlines import register_all

        services.connect_directory()  # the directory's pages and counts follow every write
        register_all()  # the deadlines partners chase (reminders app)
