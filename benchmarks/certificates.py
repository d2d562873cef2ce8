"""500 certificates by 2 Celery worker processes in production static mode, beside raw WeasyPrint.

Run on demand (not part of the test suite), against a database you can write to:

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE iro_summer"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_summer .venv/bin/python benchmarks/certificates.py -n 500

What it does:
1. production static mode, as the Docker image runs: DJANGO_DEBUG=0 (a random SECRET_KEY is made
   up), `collectstatic` with whitenoise's manifest storage, so `{% static %}` gives hashed names;
2. migrates the database, creates one throw-away summer school and N confirmed participants;
3. **raw WeasyPrint**: prepares the N certificates' HTML with the production template and context
   (QR code included), then times WeasyPrint alone turning them into PDFs in W processes
   (W = --workers, default 2), reading the collected static files with its own file:// fetcher —
   no template, no database, no files, no emails;
4. **worker path**: marks the N participants completed through `services.mark_completed`, exactly as
   the admin action does, and times until the `CertificateRun` says finished. Each certificate is one
   `summerschool.issue_certificate` task: lock the registration, `get_or_create` the certificate,
   render (template, QR code, the portal's static-only fetcher), store the PDF in private storage,
   write the email with the PDF attached and recount the run's progress. The tasks go through Redis
   (its own private redis-server unless REDIS_URL is given) to a real Celery worker started by this
   script (`celery -A config worker --pool prefork --concurrency W`);
4. prints both times and their ratio, then deletes everything it created (rows and PDF files).
"""

import argparse
import contextlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["EMAIL_URL"] = "memorymail://"
# Production static mode: collected files, hashed names, manifest (see collect_static()).
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", __import__("secrets").token_urlsafe(60))
PRIVATE = tempfile.mkdtemp(prefix="iro-bench-")
os.environ["PRIVATE_MEDIA_ROOT"] = PRIVATE


def setup(n):
    import datetime
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from summerschool.models import Registration, State, SummerSchool

    call_command("migrate", verbosity=0)
    stamp = int(time.time())
    school = SummerSchool.objects.create(
        title="Hands-on Training in Clinical Medicine and Emergencies (benchmark)",
        slug=f"benchmark-{stamp}",
        starts_on=datetime.date(2026, 7, 6),
        ends_on=datetime.date(2026, 7, 17),
        locations="Faculty of Medicine\niLumens Simulation Center\nFrench Society of Radiology",
        capacity=n,
        fee=Decimal("3100"),
        extra_certification="AFGSU 2 life-support diploma (official BLS certification for healthcare professionals)",
        registration_opens=timezone.now() - datetime.timedelta(days=30),
        registration_closes=timezone.now() + datetime.timedelta(days=1),
        is_published=False,
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{i}@iro.example", first_name="Participant", last_name=f"Number {i}")
        for i in range(n)
    )
    regs = []
    for user in users:
        reg = Registration(
            offering=school,
            participant=user,
            institution_name="Universität Heidelberg",
            field_of_study="Medicine",
            level_of_study="graduate",
            motivation="Benchmark",
            address="Benchmark",
            fee=school.fee,
            state=State.CONFIRMED,
        )
        reg.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        regs.append(reg)
    Registration.objects.bulk_create(regs)
    return school, users


def collect_static():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def certificate_documents(school):
    """The N certificates' HTML, as the worker renders them (production template, QR code)."""
    from django.template.loader import render_to_string

    from summerschool import services
    from summerschool.models import Certificate

    regs = list(school.registrations.select_related("participant", "offering"))
    return [
        render_to_string(
            services.certificate_templates(reg.offering),
            services.certificate_context(Certificate(registration=reg)),
        )
        for reg in regs
    ]


def _raw_render(documents):
    """WeasyPrint alone, its default fetcher reading the collected files (file:// URLs).
    Returns the bytes produced and the CPU seconds this process spent."""
    from weasyprint import HTML

    cpu = time.process_time()
    size = sum(len(HTML(string=html).write_pdf()) for html in documents)
    return size, time.process_time() - cpu


def raw_weasyprint(pool, documents, workers):
    """The N documents' HTML is prepared before the clock starts, then W processes render them."""
    chunks = [documents[i::workers] for i in range(workers)]
    start = time.perf_counter()
    results = pool.map(_raw_render, chunks)
    seconds = time.perf_counter() - start
    return seconds, sum(r[1] for r in results), sum(r[0] for r in results)


def process_tree_cpu(pid):
    """CPU seconds (user + system) of a process and its live children, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def start_worker(workers):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(workers),
            "--loglevel",
            os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING"),
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    from config.celery import app

    for _ in range(120):
        if app.control.ping(timeout=0.5):
            return proc
        if proc.poll() is not None:
            raise SystemExit("the Celery worker did not start")
    proc.terminate()
    raise SystemExit("the Celery worker does not answer")


def worker_path(school, worker):
    from summerschool import services
    from summerschool.models import CertificateRun

    cpu = process_tree_cpu(worker.pid)
    start = time.perf_counter()
    [run] = services.mark_completed(list(school.registrations.all()), by=None)
    while True:
        run = CertificateRun.objects.get(pk=run.pk)
        if run.finished_at:
            break
        time.sleep(0.05)
    return time.perf_counter() - start, process_tree_cpu(worker.pid) - cpu, run


def reset(school):
    """Back to N confirmed participants without certificates, for another round."""
    from django.conf import settings

    from summerschool.models import Certificate, CertificateRun, Registration, RegistrationTransition, State

    regs = Registration.objects.filter(offering=school)
    Certificate.objects.filter(registration__in=regs).delete()
    RegistrationTransition.objects.filter(registration__in=regs).delete()
    CertificateRun.objects.filter(offering=school).delete()
    regs.update(state=State.CONFIRMED, attended=None)
    if "post_office" in settings.INSTALLED_APPS:
        from post_office.models import Email

        Email.objects.filter(to__icontains="@iro.example").filter(to__icontains="bench-").delete()


def cleanup(school, users):
    from django.conf import settings

    from accounts.models import User
    from summerschool.models import Certificate, CertificateRun, Registration, RegistrationTransition

    regs = Registration.objects.filter(offering=school)
    Certificate.objects.filter(registration__in=regs).delete()
    RegistrationTransition.objects.filter(registration__in=regs).delete()
    CertificateRun.objects.filter(offering=school).delete()
    regs.delete()
    school.delete()
    if "post_office" in settings.INSTALLED_APPS:  # the outbox rows of the certificate emails
        from post_office.models import Email

        for user in users:
            Email.objects.filter(to__icontains=user.email).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    shutil.rmtree(PRIVATE, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="number of certificates (default 500)")
    parser.add_argument("--workers", type=int, default=2, help="processes on each side (default 2)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternated rounds; the best of each side counts"
    )
    args = parser.parse_args()

    redis = None
    if not os.environ.get("REDIS_URL"):  # a private broker: no queue shared with anybody
        from tests.redis_server import RedisServer

        redis = RedisServer().start()
        os.environ["REDIS_URL"] = redis.url(0)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    assert not settings.DEBUG and "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    collect_static()
    school, users = setup(args.n)
    documents = [
        html.replace(f'"{settings.STATIC_URL}', f'"{Path(settings.STATIC_ROOT).as_uri()}/')
        for html in certificate_documents(school)
    ]
    worker, raw, path = None, [], []
    # The raw processes are forked first, before this process has Celery's threads and sockets.
    pool = multiprocessing.get_context("fork").Pool(args.workers)
    pool.map(_raw_render, [documents[:1]] * args.workers)  # warm-up: fonts, imports
    try:
        worker = start_worker(args.workers)
        for _round in range(args.rounds):  # alternated, so that a busy moment hits both sides
            raw.append(raw_weasyprint(pool, documents, args.workers))
            reset(school)
            path.append(worker_path(school, worker))
    finally:
        pool.terminate()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        cleanup(school, users)
        if redis is not None:
            redis.stop()

    n, w = args.n, args.workers
    raw_best, path_best = min(raw), min(path, key=lambda r: r[0])
    raw_cpu, path_cpu = min(r[1] for r in raw), min(r[1] for r in path)
    print(f"database: {connection.vendor}; CPUs: {os.cpu_count()}; certificates: {n}; rounds: {args.rounds}; "
          f"static: {settings.STORAGES['staticfiles']['BACKEND']}")  # fmt: skip
    print("wall seconds per round, raw:", ", ".join(f"{r[0]:.1f}" for r in raw),
          "| worker path:", ", ".join(f"{r[0]:.1f}" for r in path))  # fmt: skip
    print(f"raw WeasyPrint, {w} processes:            best {raw_best[0]:6.1f} s wall ({1000 * raw_best[0] / n:5.1f} ms "
          f"each, {raw_best[2] / n / 1024:.0f} KiB each); CPU {raw_cpu:6.1f} s")  # fmt: skip
    print(f"worker path, Celery prefork x{w} via Redis: best {path_best[0]:6.1f} s wall ({1000 * path_best[0] / n:5.1f} "
          f"ms each; done {path_best[2].done}, failed {path_best[2].failed}); CPU of the worker {path_cpu:6.1f} s")  # fmt: skip
    print(
        f"ratio worker / raw: wall {path_best[0] / raw_best[0]:.2f}, CPU {path_cpu / raw_cpu:.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
