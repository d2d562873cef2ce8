from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "mobility"

    def ready(self):
        from . import seat_usage  # noqa: F401  (registers mobility's seat counter with partners)
