from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "mobility"

    def ready(self):
        from partners.seats import register_seat_counter

        from . import tasks  # noqa: F401  (services dispatch the letter task by name: it must be registered)
        from .selectors.seats import seats_used
        from .services.reminders import register_all

        # Partners' seat columns and dashboards add up the seats mobility hands out.
        register_seat_counter(seats_used)
        # The deadlines mobility chases (reminders app: one sweep, one ledger).
        register_all()
