"""How long do N certificates of completion take? The worker path beside raw WeasyPrint.

Run on demand (not part of the test suite), against a database you can write to:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iro_summer REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python benchmarks/certificates.py -n 500

What it does:
1. migrates the database, creates one throw-away summer school and N confirmed participants;
2. **raw WeasyPrint**: prepares the N certificates' HTML with the production template and context
   (QR code included), then times only WeasyPrint turning each into a PDF in this process, one
   after the other — no template, no database writes, no files, no emails;
3. **worker path**: marks the N participants completed through `services.mark_completed`, exactly as
   the admin action does, and times until the `CertificateRun` says finished. Each certificate is one
   `summerschool.issue_certificate` task: lock the registration, `get_or_create` the certificate,
   render, store the PDF in private storage, queue the email with the PDF attached (a
   `core.send_email` task) and count the progress.
   With REDIS_URL set, the tasks go through Redis to a real Celery worker started by this script
   (`celery -A config worker --pool prefork --concurrency W`, W = --workers, default the CPU count);
   without it, Celery runs eagerly in this process (the portal's no-Redis mode);
4. deletes everything it created (rows and PDF files). DJANGO_DEBUG defaults to 1 so that the
   static files are read from the source folders without a collectstatic manifest. Emails go to Django's in-memory (locmem) backend.
"""

import argparse
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
# Static files from the source folders (no collectstatic manifest needed for a benchmark).
os.environ.setdefault("DJANGO_DEBUG", "1")
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


def raw_weasyprint(school):
    """WeasyPrint alone: the N documents' HTML (template, QR code) is prepared before the clock
    starts, then each is turned into a PDF, one after the other, in this process."""
    from django.template.loader import render_to_string

    from core.pdf import html_to_pdf
    from summerschool import services
    from summerschool.models import Certificate

    regs = list(school.registrations.select_related("participant", "offering"))
    documents = [
        render_to_string(
            services.certificate_templates(reg.offering),
            services.certificate_context(Certificate(registration=reg)),
        )
        for reg in regs
    ]
    start = time.perf_counter()
    size = sum(len(html_to_pdf(html)) for html in documents)
    return time.perf_counter() - start, size


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
            "WARNING",
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


def worker_path(school):
    from summerschool import services
    from summerschool.models import CertificateRun

    start = time.perf_counter()
    [run] = services.mark_completed(list(school.registrations.all()), actor=None)
    while True:
        run = CertificateRun.objects.get(pk=run.pk)
        if run.finished_at:
            break
        time.sleep(0.2)
    return time.perf_counter() - start, run


def cleanup(school, users):
    from accounts.models import User
    from summerschool.models import Certificate, CertificateRun, Registration, RegistrationTransition

    regs = Registration.objects.filter(offering=school)
    Certificate.objects.filter(registration__in=regs).delete()
    RegistrationTransition.objects.filter(registration__in=regs).delete()
    CertificateRun.objects.filter(offering=school).delete()
    regs.delete()
    school.delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    shutil.rmtree(PRIVATE, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="number of certificates (default 500)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="worker processes (with Redis)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    school, users = setup(args.n)
    worker = None
    try:
        raw_seconds, raw_bytes = raw_weasyprint(school)
        mode = "eager (in-process, no REDIS_URL)"
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            worker = start_worker(args.workers)
            mode = f"Celery worker via Redis, prefork x{args.workers}"
        worker_seconds, run = worker_path(school)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        cleanup(school, users)

    n = args.n
    print(f"database: {connection.vendor}; CPUs: {os.cpu_count()}; certificates: {n}")
    print(f"raw WeasyPrint, 1 process:  {raw_seconds:7.1f} s  ({1000 * raw_seconds / n:6.0f} ms each, "
          f"{raw_bytes / n / 1024:.0f} KiB each)")  # fmt: skip
    print(f"worker path, {mode}: {worker_seconds:7.1f} s  ({1000 * worker_seconds / n:6.0f} ms each; "
          f"done {run.done}, failed {run.failed})")  # fmt: skip


if __name__ == "__main__":
    main()
