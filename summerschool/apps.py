from django.apps import AppConfig


class SummerschoolConfig(AppConfig):
    name = "summerschool"
    verbose_name = "Summer schools"
