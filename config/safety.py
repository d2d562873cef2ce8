"""Refuse to run the portal with unsafe production settings (see SECRET_KEY_PROBLEM in settings).

Called by config.wsgi (gunicorn, runserver), config.celery (workers, beat) and manage.py. Commands
that only build the project from its source (migrations and translation catalogues) sign nothing
and may run without a key, so that `makemigrations --check` works on any machine.
"""

from django.core.exceptions import ImproperlyConfigured

BUILD_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "help"}


def refuse_unsafe_settings(argv=None):
    if argv is not None and len(argv) > 1 and argv[1] in BUILD_COMMANDS:
        return
    from django.conf import settings

    if getattr(settings, "SECRET_KEY_PROBLEM", ""):
        raise ImproperlyConfigured(settings.SECRET_KEY_PROBLEM)
