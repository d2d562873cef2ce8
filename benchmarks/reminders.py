"""What does a reminder sweep cost over many candidates: queries per 1,000 rows, SMTP connections?

Run on demand (not part of the test suite), against a database you can write to:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_remc_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_remc_bench .venv/bin/python \\
        benchmarks/reminders.py [--applications 100000]

What it does: starts a local SMTP server (tests/smtp_server.py's CountingSMTPServer) on a free
port, points EMAIL_URL at it, migrates, creates one call and N draft applications of N students
(bulk inserts), then runs one sweep (`reminders.services.run_reminders`) at the instant the
"draft not submitted, 7 days before" reminder is due for all of them, counting its queries, then
delivers the outbox (`core.emails.deliver_queued`, until nothing is queued) and prints queries per
1,000 candidates, emails, SMTP connections and times. It fails above 5 queries per 1,000 rows or
above one connection per batch of the outbox (100). It deletes what it created.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 5000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    args = parser.parse_args()
    n = args.applications

    import logging

    from tests.smtp_server import CountingSMTPServer

    logging.disable(logging.INFO)
    with CountingSMTPServer() as smtp:
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        os.environ.pop("REDIS_URL", None)  # delivery is called directly below
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone
        from post_office.models import STATUS, Email

        import core.emails
        from accounts.models import User
        from core import tasks
        from mobility.models import Application, Call, Status
        from reminders.models import Sent
        from reminders.services import run_reminders

        call_command("migrate", verbosity=0)
        tasks.enqueue_once_on_commit = lambda task: None  # one explicit delivery run below
        core.emails.enqueue_delivery = lambda: None
        import reminders.services

        reminders.services.enqueue_delivery = lambda: None

        now = timezone.now()
        started = time.perf_counter()
        call = Call.objects.create(
            title=f"Benchmark reminders {now:%Y%m%d%H%M%S}",
            kind="academic_exchange",
            direction="outgoing",
            academic_year=now.year + 1,
            opens_at=now - datetime.timedelta(days=30),
            application_deadline=now + datetime.timedelta(days=60),
            documents_deadline=now + datetime.timedelta(days=70),
            decision_date=(now + datetime.timedelta(days=100)).date(),
        )
        prefix = f"bench-rem-{call.pk}-"
        User.objects.bulk_create(
            [
                User(email=f"{prefix}{i}@example.org", first_name="Student", last_name=f"{i}", password="!")
                for i in range(n)
            ],
            batch_size=BATCH,
        )
        students = list(User.objects.filter(email__startswith=prefix).values_list("pk", flat=True))
        Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    student_id=pk,
                    direction="outgoing",
                    status=Status.DRAFT,
                    first_name="S",
                    last_name="x",
                )
                for pk in students
            ],
            batch_size=BATCH,
        )
        created = time.perf_counter() - started

        at = call.application_deadline - datetime.timedelta(days=7)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            counts = run_reminders(now=at)
        swept = time.perf_counter() - started
        sent = counts.get("mobility.draft_7_days", 0)

        started = time.perf_counter()
        delivered = 0
        while Email.objects.filter(status=STATUS.queued).exists():
            totals = core.emails.deliver_queued()
            delivered += totals["sent"]
            if not totals["sent"] and not totals["requeued"]:
                break
        delivery = time.perf_counter() - started

        email_ids = list(
            Sent.objects.filter(object_id__in=Application.objects.filter(call=call).values("pk")).values_list(
                "email_id", flat=True
            )
        )
        Sent.objects.filter(email_id__in=email_ids).delete()
        Email.objects.filter(pk__in=email_ids).delete()
        Application.objects.filter(call=call).delete()
        call.delete()
        User.objects.filter(email__startswith=prefix).delete()

    per_thousand = len(queries) / n * 1000
    batch = settings.POST_OFFICE["BATCH_SIZE"]
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"candidates: {n} draft applications (created in {created:.1f} s)")
    print(
        f"sweep: {sent} reminders, {len(queries)} queries ({per_thousand:.2f} per 1,000 rows) in {swept:.1f} s"
    )
    print(f"delivery: {delivered} sent in {delivery:.1f} s")
    print(
        f"SMTP server received {smtp.messages} messages over {smtp.connections} connections (batch {batch})"
    )
    if sent != n or smtp.messages != n:
        sys.exit("not every reminder went out")
    if per_thousand > 5:
        sys.exit(f"{per_thousand:.2f} queries per 1,000 rows: more than 5")
    if smtp.connections > -(-n // batch):
        sys.exit(f"{smtp.connections} connections: more than one per batch of {batch}")


if __name__ == "__main__":
    main()
