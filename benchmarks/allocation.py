"""How long does the allocation by merit of a large call take, in how many queries?

Run on demand (not part of the test suite), against a database you can write to:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_alloc_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_alloc_bench .venv/bin/python \\
        benchmarks/allocation.py [--applicants 2000] [--agreements 100] [--seats 10] [--repeat 5]

What it does: migrates, creates one outgoing call offering A agreements with S outgoing seats each,
three weighted selection criteria, and N submitted applicants (bulk inserts) with three distinct
preferences each, marks on every criterion and their computed score (`selection.refresh_scores`),
then computes the allocation (`mobility.services.allocation.compute`, what the preview, the
download, `allocate_call` and the publication run) --repeat times, at N/10 applicants and at N.
It prints the queries of one computation at both sizes (they must be equal: constant), the median
wall time of `compute` (queries included) and of the ranking and seat assignment alone
(`allocation.allocate`, no query), and fails when the queries grow with N or the computation
exceeds one second. It deletes what it created.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 2000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from benchmarks._common import create_partners
    from core import academic
    from mobility.models import Application, Call, Mark, Preference, SelectionCriterion, Status
    from mobility.services import allocation, selection
    from partners.models import Agreement, Institution

    call_command("migrate", verbosity=0)
    rng = random.Random(16)
    now = timezone.now()
    stamp = f"{now:%Y%m%d%H%M%S}"
    create_partners(
        args.agreements, args.agreements, countries=["DE", "ES", "IT", "BE", "PT"], digits=5, cities=50,
        batch_size=BATCH, study_year_min=3, study_year_max=6,
    )  # fmt: skip
    agreements = list(
        Agreement.objects.filter(institution__name__startswith="Benchmark ").order_by("-pk")[
            : args.agreements
        ]
    )
    Agreement.objects.filter(pk__in=[a.pk for a in agreements]).update(outgoing_seats=args.seats)
    call = Call.objects.create(
        title=f"Benchmark allocation {stamp}",
        kind="academic_exchange",
        direction="outgoing",
        academic_year=academic.current_academic_year(),
        opens_at=now - datetime.timedelta(days=90),
        application_deadline=now - datetime.timedelta(days=60),
        documents_deadline=now - datetime.timedelta(days=50),
        decision_date=(now + datetime.timedelta(days=10)).date(),
        confirmation_deadline=now + datetime.timedelta(days=20),
    )
    call.agreements.add(*agreements)
    criteria = [
        SelectionCriterion.objects.create(
            call=call, name="Grade average", weight=Decimal(3), scale_max=Decimal(20)
        ),
        SelectionCriterion.objects.create(
            call=call, name="Language level", weight=Decimal(1), scale_max=Decimal(6)
        ),
        SelectionCriterion.objects.create(
            call=call, name="Interview", weight=Decimal(2), scale_max=Decimal(10)
        ),
    ]

    def add_applicants(count, offset):
        User.objects.bulk_create(
            [
                User(
                    email=f"alloc-{stamp}-{offset + i}@bench.invalid",
                    role="student",
                    first_name="B",
                    last_name=str(i),
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        students = User.objects.filter(email__startswith=f"alloc-{stamp}-").exclude(applications__call=call)
        Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    student=s,
                    direction="outgoing",
                    status=Status.SUBMITTED,
                    study_year=4,
                    submitted_at=now - datetime.timedelta(days=61, minutes=rng.randrange(60 * 24 * 30)),
                )
                for s in students
            ],
            batch_size=BATCH,
        )
        new = list(
            Application.objects.filter(call=call, preferences__isnull=True).values_list("pk", flat=True)
        )
        Preference.objects.bulk_create(
            [
                Preference(application_id=pk, rank=rank, agreement=agreement)
                for pk in new
                for rank, agreement in enumerate(rng.sample(agreements, 3), start=1)
            ],
            batch_size=BATCH,
        )
        Mark.objects.bulk_create(
            [
                Mark(
                    application_id=pk, criterion=c, value=Decimal(rng.randrange(int(c.scale_max * 4) + 1)) / 4
                )
                for pk in new
                for c in criteria
            ],
            batch_size=BATCH,
        )
        selection.refresh_scores(call, new)

    def measure(label):
        with CaptureQueriesContext(connection) as queries:
            result = allocation.compute(call)
        totals, pure = [], []
        for _i in range(args.repeat):
            started = time.perf_counter()
            result = allocation.compute(call)
            totals.append(time.perf_counter() - started)
            agreements_ = [s.agreement for s in result.seats]
            held = {s.agreement.pk: s.held_before for s in result.seats}
            applications = [r.application for r in result.rows]
            started = time.perf_counter()
            allocation.allocate(call, applications, agreements_, held)
            pure.append(time.perf_counter() - started)
        placed = sum(1 for r in result.ranked if r.place)
        print(
            f"{label}: {len(result.ranked)} ranked, {placed} placed, {len(result.ranked) - placed} waiting; "
            f"{len(queries)} queries; compute median {statistics.median(totals) * 1000:.0f} ms "
            f"(ranking and seats alone {statistics.median(pure) * 1000:.0f} ms)"
        )
        return len(queries), statistics.median(totals)

    small = max(1, args.applicants // 10)
    try:
        started = time.perf_counter()
        add_applicants(small, 0)
        small_queries, _small_time = measure(f"{small} applicants")
        add_applicants(args.applicants - small, small)
        print(f"(data created in {time.perf_counter() - started:.1f} s)")
        big_queries, big_time = measure(f"{args.applicants} applicants")
    finally:
        Mark.objects.filter(application__call=call).delete()
        Preference.objects.filter(application__call=call).delete()
        Application.objects.filter(call=call).delete()
        User.objects.filter(email__startswith=f"alloc-{stamp}-").delete()
        call.delete()
        Agreement.objects.filter(pk__in=[a.pk for a in agreements]).delete()
        Institution.objects.filter(name__startswith="Benchmark ", agreements__isnull=True).delete()
    if big_queries != small_queries:
        sys.exit(f"FAIL: {small_queries} queries at {small} applicants, {big_queries} at {args.applicants}")
    if big_time >= 1.0:
        sys.exit(f"FAIL: {big_time:.2f} s for {args.applicants} applicants (limit: 1 s)")
    print("OK: constant queries, under one second")


if __name__ == "__main__":
    main()
