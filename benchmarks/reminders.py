"""What does a reminder sweep cost over many candidates: queries per 1,000 rows, SMTP connections?

Run on demand (not part of the test suite), against a database you can write to:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_remc_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_remc_bench .venv/bin/python \\
        benchmarks/reminders.py [--applications 100000] [--registrations 100000]

What it does: starts a local SMTP server (tests/smtp_server.py's CountingSMTPServer) on a free
port, points EMAIL_URL at it, migrates, creates one call and N draft applications of N students
(bulk inserts), then runs one sweep (`reminders.services.run_reminders`) at the instant the
"draft not submitted, 7 days before" reminder is due for all of them, counting its queries, then
delivers the outbox (`core.emails.deliver_queued`, until nothing is queued) and prints queries per
1,000 candidates, emails, SMTP connections and times. It fails above 5 queries per 1,000 rows or
above one connection per batch of the outbox (100). It deletes what it created.

With --registrations N (0 skips them; --applications 0 skips those), it also creates summer schools
of 100 registrations each (capacity 90): 40 accepted with their payment due in two days, 30 offered
a seat expiring in 12 hours, 20 accepted and unpaid since long after the grace period, 10 on the
waiting list. It runs one sweep at that instant ("payment due in 3 days" and "offer expiring within
24 hours" for 70 % of them), then the unpaid-seat release (`summerschool.services.release_unpaid`:
20 % released, their seats offered to the waiting list), counting each one's queries, and delivers
every email (reminders, release notices, seat offers) to the counting SMTP server.
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
SCHOOL = 100  # registrations per summer school: 40 payment due, 30 offers, 20 unpaid, 10 waiting


def create_applications(n, now):
    from accounts.models import User
    from mobility.models import Application, Call, Status

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
    return call, prefix


def create_registrations(n, now):
    """n // 100 schools of 100 registrations (see the module's docstring); returns the schools' ids
    and the participants' email prefix."""
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from summerschool.models import Registration, State, SummerSchool

    today = timezone.localdate(now)
    stamp = f"{now:%Y%m%d%H%M%S}"
    schools = [
        SummerSchool.objects.create(
            title=f"Benchmark school {stamp} {i}",
            slug=f"bench-school-{stamp}-{i}",
            starts_on=today + datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=71),
            capacity=SCHOOL - 10,
            fee=Decimal("2500"),
            payment_grace_days=7,
            registration_opens=now - datetime.timedelta(days=90),
            registration_closes=now + datetime.timedelta(days=30),
            is_published=False,
        )
        for i in range(n // SCHOOL)
    ]
    prefix = f"bench-reg-{stamp}-"
    User.objects.bulk_create(
        [
            User(email=f"{prefix}{i}@example.org", first_name="Participant", last_name=f"{i}", password="!")
            for i in range(len(schools) * SCHOOL)
        ],
        batch_size=BATCH,
    )
    people = list(User.objects.filter(email__startswith=prefix).order_by("pk").values_list("pk", flat=True))

    def kind(i):
        if i < 40:
            return {"state": State.ACCEPTED, "payment_due": today + datetime.timedelta(days=2)}
        if i < 70:
            return {"state": State.OFFERED, "offer_expires_at": now + datetime.timedelta(hours=12)}
        if i < 90:
            return {"state": State.ACCEPTED, "payment_due": today - datetime.timedelta(days=30)}
        return {"state": State.WAITLISTED}

    rows = [
        Registration(
            offering_id=school.pk,
            participant_id=people[s * SCHOOL + i],
            field_of_study="Medicine",
            level_of_study="graduate",
            motivation="Learning.",
            address="1 Main Street",
            cv="cv.pdf",
            fee=Decimal("2500"),
            queued_at=now - datetime.timedelta(days=40, seconds=-i),
            **kind(i),
        )
        for s, school in enumerate(schools)
        for i in range(SCHOOL)
    ]
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    return [school.pk for school in schools], prefix


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=0)
    args = parser.parse_args()
    n, r = args.applications, args.registrations - args.registrations % SCHOOL

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
        from mobility.models import Application
        from reminders.models import Sent
        from reminders.services import run_reminders
        from summerschool.models import Offering, Registration, RegistrationTransition, State
        from summerschool.services import release_unpaid

        call_command("migrate", verbosity=0)
        tasks.enqueue_once_on_commit = lambda task: None  # one explicit delivery run below
        core.emails.enqueue_delivery = lambda: None

        first_email = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        now = timezone.now().replace(microsecond=0)
        started = time.perf_counter()
        call = prefix = schools = people = None
        offered = 0
        if n:
            call, prefix = create_applications(n, now)
            at = call.application_deadline - datetime.timedelta(days=7)
        else:
            at = now
        if r:
            schools, people = create_registrations(r, at)
        created = time.perf_counter() - started

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            counts = run_reminders(now=at)
        swept = time.perf_counter() - started
        released = release_queries = 0
        if r:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as release_queries:
                released = release_unpaid(now=at)
            release_time = time.perf_counter() - started
            # The seats offered to the waiting list (the 30 % offered before are still open).
            offered = (
                Registration.objects.filter(offering__in=schools, state=State.OFFERED).count()
                - r * 30 // SCHOOL
            )

        started = time.perf_counter()
        delivered = 0
        while Email.objects.filter(status=STATUS.queued).exists():
            totals = core.emails.deliver_queued()
            delivered += totals["sent"]
            if not totals["sent"] and not totals["requeued"]:
                break
        delivery = time.perf_counter() - started

        Sent.objects.filter(email_id__gt=first_email).delete()
        Email.objects.filter(pk__gt=first_email).delete()
        if call:
            Application.objects.filter(call=call).delete()
            call.delete()
            User.objects.filter(email__startswith=prefix).delete()
        if r:
            RegistrationTransition.objects.filter(registration__offering__in=schools).delete()
            Registration.objects.filter(offering__in=schools).delete()
            Offering.objects.filter(pk__in=schools).delete()
            User.objects.filter(email__startswith=people).delete()

    rows = n + r
    per_thousand = len(queries) / rows * 1000
    drafts = counts.get("mobility.draft_7_days", 0)
    payment = counts.get("summerschool.payment_due", 0)
    expiring = counts.get("summerschool.offer_expiring", 0)
    batch = settings.POST_OFFICE["BATCH_SIZE"]
    emails = drafts + payment + expiring + (released + offered if r else 0)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"candidates: {n} draft applications, {r} registrations (created in {created:.1f} s)")
    print(
        f"sweep: {drafts} draft reminders, {payment} payment-due, {expiring} offer-expiring; "
        f"{len(queries)} queries ({per_thousand:.2f} per 1,000 rows) in {swept:.1f} s"
    )
    if r:
        print(
            f"release: {released} released, {offered} seats offered to the waiting list; "
            f"{len(release_queries)} queries ({len(release_queries) / r * 1000:.2f} per 1,000 registrations, "
            f"{len(release_queries) / released * 1000:.2f} per 1,000 released) in {release_time:.1f} s"
        )
    print(f"delivery: {delivered} sent in {delivery:.1f} s")
    print(
        f"SMTP server received {smtp.messages} messages over {smtp.connections} connections (batch {batch})"
    )
    if drafts != n or payment != r * 40 // SCHOOL or expiring != r * 30 // SCHOOL:
        sys.exit("not every reminder was due")
    if smtp.messages != emails:
        sys.exit(f"{smtp.messages} messages received, {emails} expected")
    if per_thousand > 5:
        sys.exit(f"{per_thousand:.2f} queries per 1,000 rows: more than 5")
    if r and len(release_queries) / r * 1000 > 5:
        sys.exit("the release costs more than 5 queries per 1,000 registrations")
    if smtp.connections > -(-emails // batch):
        sys.exit(f"{smtp.connections} connections: more than one per batch of {batch}")


if __name__ == "__main__":
    main()
