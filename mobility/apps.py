from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = _("Mobility")

    def ready(self):
        from partners.seats import register_seat_counter

        from . import tasks  # noqa: F401  (services dispatch the letter task by name: it must be registered)
        from .selectors.seats import seats_used
        from .services.reminders import register_all

        # Partners' seat columns and dashboards add up the seats mobility hands out.
        register_seat_counter(seats_used)
        # Calls offer every agreement of their kind in force: partners tells when agreements change.
        from partners.services import on_agreements_changed

        from .services.offer import refresh_offers_for

        on_agreements_changed(refresh_offers_for)
        # The deadlines mobility chases (reminders app: one sweep, one ledger).
        register_all()
        # The student dashboard's cached pages: new versions when what they show is saved or deleted.
        from .services.dashboard import connect

        connect()
