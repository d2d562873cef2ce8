"""Every page of issue 19 at 100 and at 100,000 rows, side by side in one run, and one table.

Run on demand (not part of the test suite); it creates and drops its own PostgreSQL databases
(`<prefix>_small`, `<prefix>_large`, on the server of DATABASE_URL, default postgres@127.0.0.1:5432;
the prefix is `iro_h19` unless --db-prefix names another, so that two people measuring on one
server do not drop each other's):

    .venv/bin/python benchmarks/scale.py [--small 100] [--large 100000] [--repeat 15] \\
        [--seconds 8] [--rounds 3] [--workers 2] [--redis] [--certificates] [--keep] [--reuse] \\
        [--db-prefix iro_h19]

What it does, in production mode (DJANGO_DEBUG=0, a random 64-character SECRET_KEY, collected
static files with the manifest):
1. two child processes, one per database, each migrating and bulk-filling its database with N rows
   behind every page: N partners with an agreement in force, N students with an application (10
   calls, a preference and a history row each), N nominations, N summer schools with a
   registration each, N Erasmus+ projects; plus, in both, the people whose pages are measured (a
   recent student with 3 applications and 3 waitlisted registrations, a coordinator with 5
   agreements, IRO staff);
2. latency: each page requested through Django's test client (whole middleware stack, no
   network) --repeat times, alternating small and large request by request so that a busy moment
   of the machine hits both; the SQL queries of each request counted; the median of each side and
   their ratio;
3. `mark_completed` on 5 and on 500 confirmed participants (queries counted, rolled back: no
   certificate produced);
4. throughput: gunicorn (--workers sync workers) serving the large database through
   `benchmarks/bench_wsgi.py`, which adds the bare view (`base.html`, no query) to this process's
   URLs only; wrk (Debian's) on loopback with 4 connections, --seconds per run, --rounds rounds
   alternating the bare view, the directory and the student dashboard; the median of each. The
   cache is each worker's memory (REDIS_URL empty); with --redis, a second gunicorn with
   production's Redis cache (a private redis-server) is loaded in the same rounds;
5. with --certificates, runs `benchmarks/certificates.py -n 500 --rounds 2` on a third database
   (`<prefix>_cert`) and reports its ratio;
6. prints one Markdown table, then drops the databases (unless --keep; --reuse measures the
   databases a run with --keep left, migrated to the code measured, instead of filling new ones).
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_PREFIX = "iro_h19"  # --db-prefix
SMALL_DB, LARGE_DB, CERT_DB = (f"{DB_PREFIX}_{side}" for side in ("small", "large", "cert"))
COUNTRIES = ["DE", "IT", "ES", "US", "BR", "JP", "SG", "LB", "AU", "KE", "SE", "CA"]
CALLS = 10

# (label, url, who, before): who is logged in; "change" saves a partner's agreement first, as staff
# do in the admin (a new directory version; the writer recounts that partner's country); "student"
# renews the student's dashboard version first, as any write to what it shows does (its cached
# cards are built again).
PAGES = [
    ("partner directory, cached", "/partners/", None, None),
    ("partner directory, just after a change", "/partners/", None, "change"),
    ("student dashboard, just after a change", "/applications/", "student", "student"),
    ("student dashboard, kept", "/applications/", "student", None),  # right after: nothing changed
    ("my summer-school registrations", "/summer-schools/my-registrations/", "student", None),
    ("coordinator dashboard", "/partners/coordinator/", "coordinator", None),
    ("/projects/", "/projects/", None, None),
    ("/summer-schools/", "/summer-schools/", None, None),
    ("admin: applications", "/admin/mobility/application/", "staff", None),
    ("admin: registrations", "/admin/summerschool/registration/", "staff", None),
    ("admin: nominations", "/admin/mobility/nomination/", "staff", None),
]


def database_url(name):
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def production_environment(db_name):
    return {
        **os.environ,
        # config.settings, with the dashboard kept in each worker's memory cache too (bench_settings.py).
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url(db_name),
        "EMAIL_URL": "memorymail://",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PYTHONPATH": f"{ROOT}:{HERE}",
        "REDIS_URL": "",
        # The admin lists are measured, not the two-factor step in front of them.
        "MFA_REQUIRED_FOR_BACK_OFFICE": "0",
    }


SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48)  # 64 characters


# --- The databases ----------------------------------------------------------------------------


def recreate_databases(names, drop_only=False):
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if not drop_only:
                cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# --- In a child process: one database, its rows, one request at a time ----------------------------


def fill(n):
    """N rows behind every page, bulk-created; returns the people whose pages are measured."""
    import datetime

    from _common import create_partners
    from django.utils import timezone

    from accounts.models import Role, User
    from core import academic
    from mobility.models import (
        Application,
        ApplicationDocument,
        ApplicationTransition,
        Call,
        DocumentRequirement,
        EligibilityCriterion,
        Nomination,
        Preference,
        Status,
    )
    from partners.models import Agreement, AgreementKind, Direction, Institution
    from projects.models import PartnerRole, Project, ProjectPartner
    from summerschool.models import Registration, State, SummerSchool

    batch = 5000
    now = timezone.now()
    today = timezone.localdate()
    year = academic.current_academic_year()
    create_partners(n, n, countries=COUNTRIES, digits=6, cities=700, batch_size=batch)
    institutions = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
    agreements = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))

    students = User.objects.bulk_create(
        (
            User(email=f"student{i}@bench.example", first_name="Student", last_name=f"{i:06}", password="!")
            for i in range(n)
        ),
        batch_size=batch,
    )
    calls = []
    for i in range(CALLS + 1):
        incoming = i == CALLS
        call = Call.objects.create(
            title=f"Benchmark call {i}",
            slug=f"benchmark-call-{i}",
            kind=AgreementKind.ACADEMIC_EXCHANGE,
            direction=Direction.INCOMING if incoming else Direction.OUTGOING,
            academic_year=year + 1,
            opens_at=now - datetime.timedelta(days=10),
            application_deadline=now + datetime.timedelta(days=30 + i),
            documents_deadline=now + datetime.timedelta(days=40 + i),
            decision_date=today + datetime.timedelta(days=70),
        )
        call.agreements.add(*agreements[i * 20 : i * 20 + 20] or agreements[:20])
        for order in range(2):
            DocumentRequirement.objects.create(call=call, name=f"Document {order}", order=order)
            EligibilityCriterion.objects.create(call=call, text=f"Criterion {order}", order=order)
        calls.append(call)
    outgoing, incoming_call = calls[:CALLS], calls[CALLS]
    offered = {c.pk: list(c.agreements.values_list("pk", flat=True)) for c in outgoing}
    statuses = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED, Status.REJECTED, Status.DRAFT]
    applications = Application.objects.bulk_create(
        (
            Application(
                call=outgoing[i % CALLS],
                student=s,
                direction=Direction.OUTGOING,
                status=statuses[i % len(statuses)],
                first_name=s.first_name,
                last_name=s.last_name,
                merit_rank=i + 1,
            )
            for i, s in enumerate(students)
        ),
        batch_size=batch,
    )
    Preference.objects.bulk_create(
        (Preference(application=a, rank=1, agreement_id=offered[a.call_id][0]) for a in applications),
        batch_size=batch,
    )
    ApplicationTransition.objects.bulk_create(
        (
            ApplicationTransition(application=a, from_state="draft", to_state="submitted")
            for a in applications
        ),
        batch_size=batch,
    )
    coordinator = User.objects.create(email="measured.coordinator@bench.example", role=Role.COORDINATOR)
    Nomination.objects.bulk_create(
        (
            Nomination(
                call=incoming_call,
                nominated_by=coordinator,
                agreement_id=agreements[i % len(agreements)],
                first_name="Nominee",
                last_name=f"{i:06}",
                email=f"nominee{i}@partner.example",
                language="en",
                study_year=4,
                length="semester",
                wished_start=today + datetime.timedelta(days=200),
                wished_end=today + datetime.timedelta(days=350),
                token=secrets.token_urlsafe(24),
            )
            for i in range(n)
        ),
        batch_size=batch,
    )
    schools = SummerSchool.objects.bulk_create(
        (
            SummerSchool(
                title=f"Benchmark summer school {i:06}",
                slug=f"benchmark-school-{i}",
                starts_on=today + datetime.timedelta(days=30 + i % 300),
                ends_on=today + datetime.timedelta(days=41 + i % 300),
                capacity=1,
                registration_opens=now - datetime.timedelta(days=10),
                registration_closes=now + datetime.timedelta(days=20),
            )
            for i in range(n)
        ),
        batch_size=batch,
    )

    def registration(school, person, state, **kw):
        return Registration(
            offering=school,
            participant=person,
            institution_name="Universität Heidelberg",
            field_of_study="Medicine",
            level_of_study="graduate",
            motivation="Benchmark",
            address="Benchmark",
            cv="summerschool/cv/benchmark.pdf",
            fee=school.fee,
            state=state,
            **kw,
        )

    Registration.objects.bulk_create(
        (registration(school, students[i], State.CONFIRMED) for i, school in enumerate(schools)),
        batch_size=batch,
    )
    projects = Project.objects.bulk_create(
        (
            Project(
                acronym=f"BENCH{i:06}", slug=f"bench-{i}", title=f"Project {i}", summary="s", start_year=2020
            )
            for i in range(n)
        ),
        batch_size=batch,
    )
    ProjectPartner.objects.bulk_create(
        (
            ProjectPartner(
                project=p, institution_id=institutions[i % len(institutions)], role=PartnerRole.PARTNER
            )
            for i, p in enumerate(projects)
        ),
        batch_size=batch,
    )

    # The people whose pages are measured, the same in both databases.
    student = User.objects.create(email="measured.student@bench.example", first_name="Recent", password="!")
    for call in outgoing[:3]:
        application = Application.objects.create(
            call=call,
            student=student,
            direction=Direction.OUTGOING,
            status=Status.WAITLISTED,
            merit_rank=n + 5,
        )
        Preference.objects.create(application=application, rank=1, agreement_id=offered[call.pk][0])
        ApplicationTransition.record(application, Status.DRAFT, Status.SUBMITTED, at=now)
        ApplicationDocument.objects.create(
            application=application,
            requirement=call.document_requirements.first(),
            file="mobility/benchmark.pdf",
            original_name="transcript.pdf",
            kind="pdf",
            size=100,
            uploaded_at=now,
        )
    for school in schools[:3]:
        Registration.objects.bulk_create([registration(school, student, State.WAITLISTED)])
    home = Institution.objects.get(pk=institutions[0])
    home.coordinators.add(coordinator)
    for kind in list(AgreementKind.values)[:5]:
        Agreement.objects.create(
            institution=home,
            kind=kind,
            valid_from_year=year - 1,
            valid_to_year=year + 2,
            outgoing_seats=2,
            incoming_seats=2,
            duration="semester_or_year",
            is_signed=True,
        )
    staff = User.objects.create(email="measured.staff@bench.example", role=Role.STAFF, is_staff=True)
    from accounts.services import set_back_office_role

    set_back_office_role(staff, Role.STAFF)
    return {"student": student, "coordinator": coordinator, "staff": staff}


def measured_people(rows):
    """The people of a database a previous run filled with `rows` rows (--reuse)."""
    from accounts.models import User
    from projects.models import Project

    if Project.objects.filter(acronym__startswith="BENCH").count() != rows:
        raise SystemExit(f"--reuse: this database was not filled with {rows:,} rows")
    return {
        role: User.objects.get(email=f"measured.{role}@bench.example")
        for role in ("student", "coordinator", "staff")
    }


def child(db_name, rows, reuse=False):
    """Serve the parent's commands on stdin, one JSON line out for each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mobility.services.dashboard import students_changed
    from partners import services as partner_writes
    from partners.models import Agreement

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    people = measured_people(rows) if reuse else fill(rows)
    with connection.cursor() as cursor:
        # A production database's steady state: statistics, and the visibility map autovacuum keeps
        # (index-only scans, such as the waiting-list count, rely on it).
        cursor.execute("VACUUM ANALYZE")
    import gc

    gc.collect()
    gc.freeze()  # as config/wsgi.py does in production: what is loaded now stays
    clients = {None: Client()}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    out = sys.stdout
    out.write(json.dumps({"ready": True, "fill_seconds": time.perf_counter() - start}) + "\n")
    out.flush()
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "get":
            client = clients[command["who"]]
            change_ms = None
            if command["before"] == "change":
                agreement = Agreement.objects.filter(institution__name__startswith="Benchmark ").first()
                began = time.perf_counter()
                agreement.save()  # what staff saving it in the admin triggers (partners/apps.py)
                change_ms = (time.perf_counter() - began) * 1000
            elif command["before"] == "student":
                students_changed([people["student"].pk])
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(command["url"], secure=True)
                ms = (time.perf_counter() - began) * 1000
            answer = {
                "status": response.status_code,
                "queries": len(queries),
                "ms": ms,
                "kib": len(response.content) / 1024,
                "change_ms": change_ms,
            }
        elif command["do"] == "recount":
            began = time.perf_counter()
            partner_writes.directory_changed()  # every country: what a bulk write ends with
            answer = {"ms": (time.perf_counter() - began) * 1000}
        elif command["do"] == "mark_completed":
            answer = {"queries": mark_completed_queries(command["n"])}
        elif command["do"] == "cookie":
            answer = {"cookie": clients[command["who"]].cookies["sessionid"].value}
        else:
            break
        out.write(json.dumps(answer) + "\n")
        out.flush()


def mark_completed_queries(n):
    """Queries of `services.mark_completed` for n confirmed participants, rolled back."""
    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from summerschool import services
    from summerschool.models import Registration, State, SummerSchool

    class Rollback(Exception):
        pass

    today = timezone.localdate()
    try:
        with transaction.atomic():
            school = SummerSchool.objects.create(
                title="Completed school",
                slug=f"completed-{n}",
                starts_on=today - datetime.timedelta(days=20),
                ends_on=today - datetime.timedelta(days=9),
                capacity=n,
                registration_opens=timezone.now() - datetime.timedelta(days=60),
                registration_closes=timezone.now() - datetime.timedelta(days=30),
            )
            people = User.objects.bulk_create(
                User(email=f"done{n}-{i}@bench.example", password="!") for i in range(n)
            )
            registrations = Registration.objects.bulk_create(
                Registration(
                    offering=school,
                    participant=p,
                    field_of_study="Medicine",
                    level_of_study="graduate",
                    motivation="m",
                    address="a",
                    cv="summerschool/cv/benchmark.pdf",
                    fee=0,
                    state=State.CONFIRMED,
                )
                for p in people
            )
            with CaptureQueriesContext(connection) as queries:
                [run] = services.mark_completed(registrations, by=None)
            assert run.total == n
            raise Rollback  # no certificate is produced: the on-commit tasks are dropped
    except Rollback:
        pass
    return len(queries)


class Child:
    def __init__(self, db_name, rows, reuse=False):
        self.name, self.rows = db_name, rows
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                __file__,
                "--child",
                db_name,
                "--rows",
                str(rows),
                *(["--reuse"] if reuse else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=production_environment(db_name),
        )

    def ready(self):
        return json.loads(self.process.stdout.readline())

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.name} process stopped")
        return json.loads(line)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


# --- Throughput ------------------------------------------------------------------------------------


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(db_name, workers, redis_url=""):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**production_environment(db_name), "REDIS_URL": redis_url},
    )
    import urllib.request

    for _ in range(200):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/__bench__/bare/", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(port, path, seconds, cookie=None):
    headers = ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        headers += ["-H", f"Cookie: sessionid={cookie}"]
    result = subprocess.run(  # noqa: S603 - Debian's wrk on loopback
        [
            "/usr/bin/wrk",
            "-t1",
            "-c4",
            f"-d{seconds}s",
            "--latency",
            *headers,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses under load\n{result.stdout}")
    return rate


BARE = "bare view rendering base.html (no query)"
REDIS_SUFFIX = " (Redis cache)"


def throughput(large, workers, seconds, rounds, redis=False):
    """Requests per second of each target, median of the rounds. With `redis`, a second gunicorn
    serves the same database with production's cache (a private redis-server, `core.cache`) instead
    of each worker's memory: its rows say "(Redis cache)"; both are loaded in the same rounds."""
    cookie = large.ask(do="cookie", who="student")["cookie"]
    servers = [("", start_gunicorn(LARGE_DB, workers))]
    redis_server = None
    if redis:
        from tests.redis_server import RedisServer

        redis_server = RedisServer().start()
        servers.append((REDIS_SUFFIX, start_gunicorn(LARGE_DB, workers, redis_server.url(0))))
    targets = [
        (BARE, "/__bench__/bare/", None),
        # The same view for the logged-in student: the session and the user read, the floor of any
        # personal page (no goal; it says how much of the dashboard's gap is being logged in).
        ("bare view, logged-in student (session and user read)", "/__bench__/bare/", cookie),
        ("partner directory (cached)", "/partners/", None),
        ("student dashboard", "/applications/", cookie),
    ]
    targets = [
        (label + suffix, port, path, c) for suffix, (_p, port) in servers for label, path, c in targets
    ]
    rates = {label: [] for label, *_rest in targets}
    try:
        for _label, port, path, cookie_ in targets:  # warm-up: imports, templates, the caches
            wrk(port, path, 2, cookie_)
        for _round in range(rounds):
            for label, port, path, cookie_ in targets:
                rates[label].append(wrk(port, path, seconds, cookie_))
    finally:
        for _suffix, (process, _port) in servers:
            process.terminate()
            process.wait(timeout=30)
        if redis_server is not None:
            redis_server.stop()
    return {label: statistics.median(values) for label, values in rates.items()}, rates


# --- Certificates ------------------------------------------------------------------------------------


def certificates():
    recreate_databases([CERT_DB])
    env = {
        **production_environment(CERT_DB),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("REDIS_URL")
    result = subprocess.run(  # noqa: S603 - the neighbouring benchmark
        [sys.executable, str(HERE / "certificates.py"), "-n", "500", "--workers", "2", "--rounds", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    recreate_databases([CERT_DB], drop_only=True)
    print(result.stdout, file=sys.stderr)
    found = re.search(r"ratio worker / raw: wall ([\d.]+), CPU ([\d.]+)", result.stdout)
    if not found:
        raise SystemExit(f"certificates.py failed:\n{result.stdout}\n{result.stderr}")
    raw = re.search(r"raw WeasyPrint.*?best\s+([\d.]+) s", result.stdout).group(1)
    path = re.search(r"worker path.*?best\s+([\d.]+) s", result.stdout).group(1)
    return float(raw), float(path), float(found.group(1)), float(found.group(2))


# --- The run -----------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="requests per page and size (default 15)")
    parser.add_argument("--seconds", type=int, default=8, help="seconds of each wrk run (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds, alternating the URLs (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--certificates", action="store_true", help="also run certificates.py (about 5 minutes)"
    )
    parser.add_argument(
        "--redis", action="store_true", help="also measure throughput with a Redis cache (production's)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the databases a run with --keep left")
    parser.add_argument(
        "--db-prefix",
        default=DB_PREFIX,
        help=f"databases <prefix>_small, _large, _cert (default {DB_PREFIX})",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rows, args.reuse)
    global SMALL_DB, LARGE_DB, CERT_DB
    SMALL_DB, LARGE_DB, CERT_DB = (f"{args.db_prefix}_{side}" for side in ("small", "large", "cert"))

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()
    # collectstatic once, for the manifest both children read.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_environment(SMALL_DB),
        check=True,
    )
    if not args.reuse:
        recreate_databases([SMALL_DB, LARGE_DB])
    small, large = Child(SMALL_DB, args.small, args.reuse), Child(LARGE_DB, args.large, args.reuse)
    try:
        fills = small.ready(), large.ready()
        print(f"filled: {args.small:,} rows in {fills[0]['fill_seconds']:.1f} s, "
              f"{args.large:,} in {fills[1]['fill_seconds']:.1f} s", file=sys.stderr)  # fmt: skip
        results = {label: {"small": [], "large": []} for label, *_rest in PAGES}
        for label, url, who, before in PAGES:  # warm-up
            for side in (small, large):
                answer = side.ask(do="get", url=url, who=who, before=before)
                assert answer["status"] == 200, (label, side.name, answer)
        for _ in range(args.repeat):
            for label, url, who, before in PAGES:
                for key, side in (("small", small), ("large", large)):
                    results[label][key].append(side.ask(do="get", url=url, who=who, before=before))
        recounts = {"small": [], "large": []}
        for _ in range(5):
            for key, side in (("small", small), ("large", large)):
                recounts[key].append(side.ask(do="recount")["ms"])
        completed = {n: (small.ask(do="mark_completed", n=n)["queries"]) for n in (5, 500)}
        rates, all_rates = throughput(large, args.workers, args.seconds, args.rounds, args.redis)
    finally:
        small.stop()
        large.stop()
        if not args.keep:
            recreate_databases([SMALL_DB, LARGE_DB], drop_only=True)
    certificate = certificates() if args.certificates else None
    load_after = os.getloadavg()

    print(f"\nRun {started}; {os.cpu_count()} CPUs; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after; small = {args.small:,} rows, large = {args.large:,} rows; "
          f"{args.repeat} requests per page and size, interleaved; gunicorn {args.workers} sync workers, "
          f"wrk 4 connections, {args.rounds} × {args.seconds} s\n")  # fmt: skip
    print(f"| measure | at {args.small:,} | at {args.large:,} | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for label, *_rest in PAGES:
        s, g = results[label]["small"], results[label]["large"]
        qs, qg = {a["queries"] for a in s}, {a["queries"] for a in g}
        ms, mg = statistics.median(a["ms"] for a in s), statistics.median(a["ms"] for a in g)
        # A session is written at most once a minute (accounts.middleware: 3 more statements), on
        # whichever side's request it falls: the page's own queries are the fewest of each side.
        same = min(qs) == min(qg)
        queries = f"{'/'.join(map(str, sorted(qs)))} q / {'/'.join(map(str, sorted(qg)))} q"
        ratio = mg / ms
        print(f"| {label} | {ms:.1f} ms | {mg:.1f} ms | {ratio:.2f} | ≤ 1.5, queries equal ({queries}) "
              f"| {'yes' if ratio <= 1.5 and same else 'no'} |")  # fmt: skip
    # What the directory's counts cost the writers (no goal in issue 19: the visitor's page is measured above).
    label = "partner directory, just after a change"
    s, g = (statistics.median(a["change_ms"] for a in results[label][k]) for k in ("small", "large"))
    print(f"| the change itself: an agreement saved, its country recounted (the writer's cost) | {s:.1f} ms "
          f"| {g:.1f} ms | {g / s:.2f} | (none) | |")  # fmt: skip
    s, g = (statistics.median(recounts[k]) for k in ("small", "large"))
    print(f"| directory_changed() for every country (a bulk write's end; median of 5) | {s:.1f} ms "
          f"| {g:.1f} ms | {g / s:.2f} | (none) | |")  # fmt: skip
    for label, rate in rates.items():
        bare = rates[BARE + (REDIS_SUFFIX if label.endswith(REDIS_SUFFIX) else "")]
        if label.startswith("bare view rendering"):
            print(f"| throughput: {label} | | {rate:.0f} req/s | 1.00 | | |")
        elif label.startswith("bare"):
            print(f"| throughput: {label} | | {rate:.0f} req/s | {rate / bare:.2f} | (none) | |")
        else:
            ratio = rate / bare
            print(f"| throughput: {label} | | {rate:.0f} req/s | {ratio:.2f} | ≥ 0.50 of bare | "
                  f"{'yes' if ratio >= 0.5 else 'no'} |")  # fmt: skip
    print(f"| mark_completed: queries for 5 / 500 participants | {completed[5]} q | {completed[500]} q | "
          f"| constant | {'yes' if completed[5] == completed[500] else 'no'} |")  # fmt: skip
    if certificate:
        raw, path, wall, cpu = certificate
        print(f"| certificates: 500 by 2 workers vs raw WeasyPrint in 2 processes (wall; CPU {cpu:.2f}) "
              f"| raw {raw:.1f} s | worker {path:.1f} s | {wall:.2f} | ≤ 1.2 | {'yes' if wall <= 1.2 else 'no'} |")  # fmt: skip
    print(
        "\nthroughput rounds (req/s):", json.dumps({k: [round(v) for v in vs] for k, vs in all_rates.items()})
    )


if __name__ == "__main__":
    main()
