import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.safety import refuse_unsafe_settings  # noqa: E402 - settings are loaded now

refuse_unsafe_settings()
