from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "mobility"

    def ready(self):
        from . import receivers, seat_usage  # noqa: F401  (seat counter for partners; transition receivers)
