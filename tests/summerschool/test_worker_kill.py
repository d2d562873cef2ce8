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
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from summerschool import services
from summerschool.models import Certificate, CertificateRun, State
from tests.factories import StaffFactory
from tests.workers import ROOT, Processes, broker, database_url, require_postgresql, wait_for, worker_command

from .factories import RegistrationFactory, SummerSchoolFactory

PARTICIPANTS = 6
DEADLINE_SECONDS = 300

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_broker(redis_server, settings):
    """Tasks dispatched by this test go to the private redis-server (not eagerly run)."""
    require_postgresql(
        "the worker-kill test needs PostgreSQL (a database shared with a worker process)",
        "needs PostgreSQL: the worker subprocess shares the test database",
    )
    with broker(redis_server, 3, settings) as url:
        yield url


@pytest.fixture
def start_worker(private_broker, tmp_path):
    """Start `celery -A config worker` processes on the test database and the private Redis."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",  # static files from the sources (production static mode: tests/core/test_pdf.py)
        "DATABASE_URL": database_url(),
        "REDIS_URL": private_broker,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # django-environ drops one slash of an absolute path
        "CONN_MAX_AGE": "0",
    }
    processes = Processes(tmp_path, env, grace=30)

    def start(name):
        return processes.start(name, worker_command(name))

    start.mail_dir = mail_dir
    yield start
    processes.stop()


def emails_per_address(addresses, mail_dir):
    """Emails written for each address: outbox rows (each email is one row, written with the
    certificate in the same transaction; the worker delivers the rows)."""
    from post_office.models import Email

    return {a: Email.objects.filter(to__icontains=a).count() for a in addresses}


def test_a_worker_killed_mid_run_leaves_one_certificate_and_one_email_per_participant(start_worker):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(PARTICIPANTS)]
    addresses = [r.participant.email for r in regs]

    first = start_worker("first")
    with transaction.atomic():
        [run] = services.mark_completed(regs, by=StaffFactory())  # 6 tasks go to Redis on commit

    def done():
        return CertificateRun.objects.get(pk=run.pk).done

    assert wait_for(lambda: done() >= 1, 120, step=0.02), "the first worker produced nothing"
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
