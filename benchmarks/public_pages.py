"""Does every public list page work on an empty database and on 100,000 rows?

The design's promise, measured. Run on demand (not part of the test suite), against an EMPTY
database you can write to (it refuses a database that already has partners or calls):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_public"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_public .venv/bin/python \\
        benchmarks/public_pages.py [--rows 100000] [--repeat 5]

What it does:
1. migrates, then requests every public list page on the empty database;
2. bulk-creates N rows behind each list: N institutions with N agreements in force, N memberships
   of the three networks, N published open calls, N published summer schools with seats,
   N public Erasmus+ projects and N mobility records (the key figures' source);
3. requests every page again, through Django's test client (whole middleware stack, no network),
   after one warm-up request; the directory's cache is emptied before each request, so every
   number is the cost of a visitor just after a change;
4. prints status, SQL queries, median latency and HTML size, beside a bare view rendering
   `base.html`, and leaves the rows in place (drop the database afterwards).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # static files from the source folders
os.environ["EMAIL_URL"] = "memorymail://"

PAGES = [
    "/",
    "/partners/",
    "/partners/?kind=clinical",
    "/partners/networks/",
    "/programmes/",
    "/summer-schools/",
    "/projects/",
    "/key-figures/",
]
COUNTRIES = ["DE", "IT", "ES", "US", "BR", "JP", "SG", "LB", "AU", "KE", "SE", "CA"]


def fill(n):
    from _common import create_partners
    from django.utils import timezone

    from core import academic
    from mobility.models import Call, MobilityRecord
    from partners.models import AgreementKind, Direction, Institution, Network
    from projects.models import Project
    from summerschool.models import OfferingKind, SummerSchool

    year = academic.current_academic_year()
    now = timezone.now()
    today = timezone.localdate()
    batch = 5000
    create_partners(n, n, countries=COUNTRIES, digits=6, cities=700, batch_size=batch)
    ids = list(Institution.objects.values_list("pk", flat=True))
    kinds = list(AgreementKind.values)
    networks = [
        Network.objects.create(name=name, slug=slug, description="Benchmark network.")
        for name, slug in (
            ("Circle U.", "circle-u"),
            ("ECTS Medical Association", "ectsma"),
            ("InterUniSanté", "ius"),
        )
    ]
    Through = Network.members.through
    Through.objects.bulk_create(
        [Through(network_id=networks[i % 3].pk, institution_id=ids[i]) for i in range(n)], batch_size=batch
    )
    Call.objects.bulk_create(
        [
            Call(
                title=f"Benchmark call {i:06}",
                slug=f"benchmark-call-{i:06}",
                kind=kinds[i % 3],
                direction=Direction.OUTGOING if i % 2 else Direction.INCOMING,
                academic_year=year + 1,
                opens_at=now - datetime.timedelta(days=1),
                application_deadline=now + datetime.timedelta(days=30 + i % 60),
                documents_deadline=now + datetime.timedelta(days=100),
                decision_date=today + datetime.timedelta(days=120),
                study_year_min=3,
                study_year_max=6,
                max_preferences=3,
            )
            for i in range(n)
        ],
        batch_size=batch,
    )
    SummerSchool.objects.bulk_create(
        [
            SummerSchool(
                kind=OfferingKind.SUMMER_SCHOOL,
                title=f"Benchmark summer school {i:06}",
                slug=f"benchmark-school-{i:06}",
                description="Two weeks in Paris.",
                starts_on=today + datetime.timedelta(days=60 + i % 200),
                ends_on=today + datetime.timedelta(days=71 + i % 200),
                capacity=30,
                fee=Decimal("2500"),
                ects=Decimal("5"),
                hours=60,
                registration_opens=now - datetime.timedelta(days=10),
                registration_closes=now + datetime.timedelta(days=30),
            )
            for i in range(n)
        ],
        batch_size=batch,
    )
    Project.objects.bulk_create(
        [
            Project(
                acronym=f"BENCH{i:06}",
                slug=f"bench-{i:06}",
                title=f"Benchmark cooperation partnership {i:06}",
                start_year=2000 + i % 26,
            )
            for i in range(n)
        ],
        batch_size=batch,
    )
    MobilityRecord.objects.bulk_create(
        [
            MobilityRecord(
                student_name=f"Student {i}",
                direction=Direction.OUTGOING if i % 2 else Direction.INCOMING,
                programme=kinds[i % 3],
                institution_id=ids[i % len(ids)],
                institution_name=f"Benchmark University {i % len(ids):06}",
                country=COUNTRIES[i % len(COUNTRIES)],
                academic_year=year - i % 6,
                start_date=datetime.date(year - i % 6, 9, 1),
                end_date=datetime.date(year - i % 6 + 1, 1, 31),
            )
            for i in range(n)
        ],
        batch_size=batch,
    )


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners import selectors

    selectors.directory_changed()
    response = client.get(url)  # warm-up
    times = []
    for _ in range(repeat):
        selectors.directory_changed()  # as just after a change: nothing rendered before
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    return response.status_code, len(queries), statistics.median(times), len(response.content) // 1024


def table(title, client, repeat):
    print(f"\n{title}\n")
    print("| page | status | SQL queries | median | HTML |")
    print("|---|---|---|---|---|")
    for url in ["/benchmark-bare/", *PAGES]:
        status, queries, median, size = measure(client, url, repeat)
        label = "bare view rendering base.html" if url == "/benchmark-bare/" else url
        print(f"| {label} | {status} | {queries} | {median:.1f} ms | {size} KiB |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.shortcuts import render
    from django.test import Client
    from django.urls import clear_url_caches, path

    from config import urls
    from mobility.models import Call
    from partners.models import Institution

    settings.ALLOWED_HOSTS = ["*"]
    urls.urlpatterns.insert(0, path("benchmark-bare/", lambda request: render(request, "base.html")))
    clear_url_caches()
    call_command("migrate", verbosity=0)
    if Institution.objects.exists() or Call.objects.exists():
        sys.exit("This database has data: give an empty one (see the docstring).")
    client = Client()
    print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    table("Empty database", client, args.repeat)
    start = time.perf_counter()
    fill(args.rows)
    print(f"\nFilled {args.rows:,} rows behind each list in {time.perf_counter() - start:.1f} s")
    table(f"{args.rows:,} rows behind each list", client, args.repeat)


if __name__ == "__main__":
    main()
