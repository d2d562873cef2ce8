"""How fast are the partner directory and the admin institution list with 10,000 partners?

Run on demand (not part of the test suite), against a database you can write to:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_bench .venv/bin/python benchmarks/partners.py \\
        [--institutions 10000] [--agreements 30000] [--repeat 15]

What it does:
1. migrates the database and bulk-creates N institutions (spread over 60 countries of every region)
   and M agreements in force (of every kind), all named "Benchmark …";
2. requests, through Django's test client (the whole middleware stack, templates included, no
   network), `/partners/` (everything, then one kind filter, then a search), the admin institution
   changelist (100 rows a page, as staff), and a bare view that renders `base.html` with nothing
   in it — the floor of any page of the portal in the same run;
3. prints, for each, the number of SQL queries and the median and 90th-percentile latency over
   --repeat requests (after one warm-up request);
4. deletes everything it created.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # static files from the source folders
os.environ["EMAIL_URL"] = "memorymail://"

COUNTRIES = [
    "DE",
    "AT",
    "BE",
    "BG",
    "DK",
    "ES",
    "GR",
    "HU",
    "IE",
    "IT",
    "PL",
    "PT",
    "CZ",
    "RO",
    "GB",
    "SI",
    "SE",
    "NL",
    "FI",
    "NO",
    "CH",
    "HR",
    "LT",
    "LV",
    "EE",
    "SK",
    "LU",
    "MT",
    "CY",
    "IS",
    "US",
    "CA",
    "MX",
    "AR",
    "BR",
    "CL",
    "CO",
    "PE",
    "UY",
    "CU",
    "JP",
    "SG",
    "CN",
    "KR",
    "IN",
    "VN",
    "TH",
    "MY",
    "ID",
    "PH",
    "LB",
    "MA",
    "TN",
    "SN",
    "EG",
    "ZA",
    "KE",
    "AU",
    "NZ",
    "IL",
]


def setup(n_institutions, n_agreements):
    from _common import create_partners
    from django.core.management import call_command

    from accounts.models import Role, User

    call_command("migrate", verbosity=0)
    create_partners(
        n_institutions,
        n_agreements,
        countries=COUNTRIES,
        digits=5,
        cities=500,
        batch_size=2000,
        notes="Benchmark",
    )
    staff, _ = User.objects.get_or_create(
        email="benchmark-staff@iro.example",
        defaults={"role": Role.STAFF, "is_staff": True, "is_superuser": True},
    )
    return staff


def cleanup():
    from accounts.models import User
    from partners.models import Institution

    Institution.objects.filter(name__startswith="Benchmark University ").delete()  # agreements cascade
    User.objects.filter(email="benchmark-staff@iro.example").delete()


def bare_view(request):
    from django.shortcuts import render

    return render(request, "base.html")


def measure(client, url, repeat, before=lambda: None):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (template loading, caches)
    assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times = []
    size = len(response.content)
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    return len(queries), statistics.median(times), p90, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=10_000)
    parser.add_argument("--agreements", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, path

    import config.urls

    # The bare view is added beside the portal's own URLs for this run only.
    config.urls.urlpatterns.insert(0, path("__bench__/bare/", bare_view))
    clear_url_caches()
    settings.ALLOWED_HOSTS = ["*"]

    print(f"Database: {connection.vendor} · {args.institutions} institutions, {args.agreements} agreements")
    started = time.perf_counter()
    staff = setup(args.institutions, args.agreements)
    print(f"Filled in {time.perf_counter() - started:.1f} s\n")
    try:
        anonymous, admin = Client(), Client()
        admin.force_login(staff)
        from partners.selectors import directory_changed

        def nothing():
            pass

        rows = [
            ("bare view rendering base.html", anonymous, "/__bench__/bare/", nothing),
            ("/partners/ all, just after a change", anonymous, "/partners/", directory_changed),
            ("/partners/ all, rendered before", anonymous, "/partners/", nothing),
            (
                "/partners/?kind=clinical, after a change",
                anonymous,
                "/partners/?kind=clinical",
                directory_changed,
            ),
            ("/partners/?q=University 0042 (not cached)", anonymous, "/partners/?q=University+0042", nothing),
            ("admin institution list (100 rows)", admin, "/admin/partners/institution/", nothing),
            ("admin agreement list (100 rows)", admin, "/admin/partners/agreement/", nothing),
        ]
        print("| page | SQL queries | median | p90 | HTML |\n|---|---|---|---|---|")
        for label, client, url, before in rows:
            queries, median, p90, size = measure(client, url, args.repeat, before)
            print(f"| {label} | {queries} | {median:.1f} ms | {p90:.1f} ms | {size / 1024:.0f} KiB |")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
