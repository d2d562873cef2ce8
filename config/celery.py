import os

from celery import Celery
from celery.signals import import_modules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("iro_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@import_modules.connect  # sent when a worker or beat starts, before either touches anything
def refuse_unsafe_settings(**kwargs):
    """Workers and beat sign links in emails: never with the public development key.

    SystemExit, since Celery logs and ignores a signal handler's ordinary exceptions.
    """
    from django.core.exceptions import ImproperlyConfigured

    from config.safety import refuse_unsafe_settings

    try:
        refuse_unsafe_settings()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from exc
