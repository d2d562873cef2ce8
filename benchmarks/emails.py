"""How many SMTP connections does the outbox open for 1,000 emails, and how fast does it drain?

Run on demand (not part of the test suite), against a database you can write to:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_emails"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_emails .venv/bin/python \\
        benchmarks/emails.py [--emails 1000]

What it does: starts a local SMTP server (aiosmtpd) on a free port that counts the connections it
accepts and the messages it receives, points EMAIL_URL at it, migrates, queues N emails through
the portal's outbox (`core.emails.queue_message`, in one transaction as a bulk action would),
then runs the delivery task's service (`core.emails.deliver_queued`) once and prints connections,
messages, SMTP sessions per 100 emails and the time taken. It deletes the emails it queued.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=1000)
    args = parser.parse_args()

    import logging

    from tests.smtp_server import CountingSMTPServer

    logging.disable(logging.INFO)  # aiosmtpd and post_office log every message
    with CountingSMTPServer() as smtp:
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        os.environ.pop("REDIS_URL", None)  # delivery is called directly below
        import django

        django.setup()
        from django.conf import settings
        from django.core.mail import EmailMultiAlternatives
        from django.core.management import call_command
        from django.db import transaction
        from post_office.models import STATUS, Email

        from core.emails import deliver_queued, queue_message

        call_command("migrate", verbosity=0)
        backend = settings.POST_OFFICE["BACKENDS"]["default"]
        assert backend.endswith("smtp.EmailBackend"), backend
        from core import tasks

        tasks.enqueue_once_on_commit = lambda task: None  # measure one explicit delivery run
        import core.emails

        core.emails.enqueue_delivery = lambda: None

        started = time.perf_counter()
        with transaction.atomic():
            ids = [
                queue_message(
                    EmailMultiAlternatives(
                        subject=f"Reminder {n}",
                        body="Your documents are still missing.\n" * 20,
                        to=[f"student{n}@example.org"],
                    )
                ).pk
                for n in range(args.emails)
            ]
        queued = time.perf_counter() - started

        started = time.perf_counter()
        totals = deliver_queued()
        delivered = time.perf_counter() - started
        sent = Email.objects.filter(pk__in=ids, status=STATUS.sent).count()
        Email.objects.filter(pk__in=ids).delete()

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"emails queued: {args.emails} in {queued:.2f} s ({queued / args.emails * 1000:.2f} ms each)")
    print(f"delivered: {totals['sent']} sent, {totals['failed']} failed, {totals['requeued']} requeued")
    print(f"SMTP server received {smtp.messages} messages over {smtp.connections} connections")
    print(f"delivery run: {delivered:.2f} s ({args.emails / delivered:.0f} emails/s)")
    if sent != args.emails or smtp.messages != args.emails:
        sys.exit("not every email went out")
    limit = -(-args.emails // settings.POST_OFFICE["BATCH_SIZE"])
    if smtp.connections > limit:
        sys.exit(f"{smtp.connections} connections: more than one per batch of the outbox ({limit})")


if __name__ == "__main__":
    main()
