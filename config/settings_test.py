"""Settings of the test suite (pytest's DJANGO_SETTINGS_MODULE, pyproject.toml).

The development settings (config.settings read with DJANGO_DEBUG=1: no SECRET_KEY check, no HTTPS
redirect, secure cookies or HSTS, static files from the finders, http links in emails, two-factor
authentication not required unless MFA_REQUIRED_FOR_BACK_OFFICE or a test asks), then what the
tests need: DEBUG itself off as in production (Django's test runner turns it off anyway), the
cache in memory even with REDIS_URL (a shared Redis cache would let runs clear each other's), tasks
run in-process (the tests that need a real worker use the celery_worker fixture), emails in
memory (the `mailoutbox` fixture), a fast password hasher.

Subprocesses the tests start (manage.py, a Celery worker, gunicorn) name config.settings, so they
run the settings of production or development, whatever the test run's environment.
"""

import os

_given_debug = os.environ.get("DJANGO_DEBUG")
os.environ["DJANGO_DEBUG"] = "1"
try:
    from config.settings import *  # noqa: F403
    from config.settings import POST_OFFICE
finally:  # the environment the tests and their subprocesses see is left as it was
    if _given_debug is None:
        del os.environ["DJANGO_DEBUG"]
    else:
        os.environ["DJANGO_DEBUG"] = _given_debug

TESTING = True  # read by seed_demo's production guard (tests/core/test_seed_demo_guard.py)
DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FRAGMENT_CACHE = True  # one process: the live server's threads share the tests' memory cache
CELERY_TASK_ALWAYS_EAGER = True
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
