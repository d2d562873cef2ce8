"""Load the demo data taken from ../shared/context/ and create one account per role.

Idempotent: running it twice leaves the same data. Each app contributes through a function
`seed(stdout)` in its `demo.py`, called in the order below. The demo people are made up, so the
emails their stories would send (decisions, invitations, receipts) are kept in memory, not sent.
"""

import importlib
import logging

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

SEED_MODULES = [
    "accounts.demo",
    "partners.demo",
    "mobility.demo",
    "mobility.demo_incoming",
    "mobility.demo_records",
    "summerschool.demo",
    "projects.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (partners, calls, summer schools, projects) and one account per role."

    def handle(self, *args, **options):
        logging.getLogger("celery").setLevel(logging.WARNING)  # tasks run in-process: no line per task
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for name in SEED_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(self.stdout)
        from accounts.demo import print_logins

        print_logins(self.stdout)
