"""Load the demo data (names and figures from the Medical School's brochure and the IMEP page)
and create one account per role.

Idempotent: running it twice leaves the same data. Each app contributes through a function
`seed(stdout)` in its `demo.py`, called in the order below. The demo people are made up, so the
emails their stories would send (decisions, invitations, receipts) are kept in memory, not sent.
"""

import importlib
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

SEED_MODULES = [
    "accounts.demo",
    "partners.demo",
    "mobility.demo",
    "summerschool.demo",
    "projects.demo",
    "learning.demo",
    "core.demo",  # last: the French of every app's demo content
]


class Command(BaseCommand):
    help = "Load the demo data (partners, calls, summer schools, projects) and one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-published-demo-passwords",
            action="store_true",
            help="Allow a run with DJANGO_DEBUG=0: the demo accounts, a superuser among them, get the "
            "password printed in the README.",
        )

    def handle(self, *args, **options):
        # The demo accounts share a password everyone can read: never on a production site by accident
        # (the test suite, which runs with DEBUG off, is not one).
        production = not settings.DEBUG and not getattr(settings, "TESTING", False)
        if production and not options["create_published_demo_passwords"]:
            raise CommandError(
                "seed_demo creates accounts (a superuser among them) whose password is published in the "
                "README, so it refuses to run with DJANGO_DEBUG=0. Run it with DJANGO_DEBUG=1 on a "
                "development machine, or pass --create-published-demo-passwords on a demo site."
            )
        logging.getLogger("celery").setLevel(logging.WARNING)  # tasks run in-process: no line per task
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                # The demo stories' emails go through the outbox and are delivered in memory.
                POST_OFFICE={
                    **settings.POST_OFFICE,
                    "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
                },
            ),
            transaction.atomic(),
            # The demo writes and finds its texts by their English (core.demo adds the French as
            # `_fr`): `update_or_create(title=…)` compares the active language's column.
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        ):
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
