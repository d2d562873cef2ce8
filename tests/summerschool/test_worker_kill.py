"""A Celery worker process SIGKILLed in the middle of a certificate run: nothing is lost or doubled.

The worker is a real `celery -A config worker` subprocess on this run's private redis-server and
the test database (PostgreSQL: a database shared with another process). After the kill, the
killed worker's unacknowledged tasks would wait for Redis's one-hour redelivery; the sweep (its
clock driven with `now=`) dispatches them again, a new worker takes them, and every participant
ends with exactly one certificate and one email.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from summerschool import services
from summerschool.models import Certificate, CertificateRun, State
from tests.factories import StaffFactory

from .factories import RegistrationFactory, SummerSchoolFactory

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = 6
DEADLINE_SECONDS = 300

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker(redis_server, settings):
    """Tasks dispatched by this test go to the private redis-server (not eagerly run)."""
    from config.celery import app

    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("the worker-kill test needs PostgreSQL (a database shared with a worker process)")
        pytest.skip("needs PostgreSQL: the worker subprocess shares the test database")
    if not redis_server.ping():
        redis_server.start()
    url = redis_server.url(3)
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield url
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def start_worker(broker, tmp_path):
    """Start `celery -A config worker` processes on the test database and the private Redis."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",  # static files from the sources (production static mode: tests/core/test_pdf.py)
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "EMAIL_URL": f"filemail://{mail_dir}",
        "CONN_MAX_AGE": "0",
    }
    processes = []

    def start(name):
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
             "--without-gossip", "--without-mingle", "--loglevel", "INFO", "-n", f"{name}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        processes.append((proc, log))
        return proc

    start.mail_dir = mail_dir
    yield start
    for proc, log in processes:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()


def emails_per_address(addresses, mail_dir):
    """Emails written for each address: outbox rows when django-post-office is the machinery,
    else the messages the worker's file backend wrote (plus this process's locmem outbox)."""
    if "post_office" in settings.INSTALLED_APPS:
        from post_office.models import Email

        return {a: Email.objects.filter(to__icontains=a).count() for a in addresses}
    written = "".join(p.read_text(errors="replace") for p in Path(mail_dir).glob("*.log"))
    counts = {a: written.count(f"To: {a}\n") for a in addresses}
    for message in getattr(mail, "outbox", []):
        for a in message.to:
            if a in counts:
                counts[a] += 1
    return counts


def wait_for(condition, timeout, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_a_worker_killed_mid_run_leaves_one_certificate_and_one_email_per_participant(start_worker):
    school = SummerSchoolFactory()
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(PARTICIPANTS)]
    addresses = [r.participant.email for r in regs]

    first = start_worker("first")
    with transaction.atomic():
        [run] = services.mark_completed(regs, by=StaffFactory())  # 6 tasks go to Redis on commit

    def done():
        return CertificateRun.objects.get(pk=run.pk).done

    assert wait_for(lambda: done() >= 1, 120), "the first worker produced nothing"
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker: main process and its child
    first.wait(10)
    produced_before_kill = done()
    assert produced_before_kill < PARTICIPANTS, "the run finished before the kill: nothing was tested"

    start_worker("second")
    started = time.monotonic()
    # The killed worker's tasks are unacknowledged: Redis would hand them out again in an hour.
    # The sweep, its clock 11 minutes on, dispatches every pending certificate again (some are
    # still queued too: the new worker then gets them twice, which must change nothing).
    assert services.sweep_certificates(now=timezone.now() + datetime.timedelta(minutes=11)) >= 1

    def settled():
        run_now = CertificateRun.objects.get(pk=run.pk)
        counts = emails_per_address(addresses, start_worker.mail_dir)
        return run_now.finished_at is not None and all(n >= 1 for n in counts.values())

    assert wait_for(settled, DEADLINE_SECONDS, step=0.2), "the run did not complete after the restart"
    assert time.monotonic() - started < DEADLINE_SECONDS
    time.sleep(2)  # let any duplicate delivery still in flight land before counting

    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.total, run.done, run.failed) == (PARTICIPANTS, PARTICIPANTS, 0)
    certificates = Certificate.objects.filter(registration__in=regs)
    assert certificates.count() == PARTICIPANTS
    assert all(c.pdf and c.emailed_at for c in certificates)
    assert emails_per_address(addresses, start_worker.mail_dir) == dict.fromkeys(addresses, 1)
