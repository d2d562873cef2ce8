"""A two-host rehearsal: two web processes and two Celery workers, as if on two machines.

Each is its own subprocess (gunicorn, `celery -A config worker`) sharing only what machines share in
production: one PostgreSQL database (this test's), one Redis (this run's private redis-server) and
one bucket (moto's S3 server over HTTP). Nothing of a process's memory or disk can help another: a
student's upload through web A is downloaded through web B with the same session cookie (sessions
are in the database), and the certificates of one run are produced by both workers, exactly one
certificate and one email per participant, every PDF in the bucket.
"""

import os
import re
import secrets
import sys

import pytest
import requests
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from summerschool import services as summerschool_services
from summerschool.models import Certificate, CertificateRun, State
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import PDF_BYTES, ApplicationFactory, DocumentRequirementFactory
from tests.redis_server import free_port
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory
from tests.workers import ROOT, Processes, broker, database_url, require_postgresql, wait_for, worker_command

from . import moto_server as s3

PARTICIPANTS = 8
moto_server = s3.moto_server  # the fixture, for this module

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared(redis_server, moto_server, settings):
    """What the two "hosts" share: the test database, a Redis database and a fresh bucket."""
    require_postgresql(
        "the two-host rehearsal needs PostgreSQL (a database shared by several processes)",
        "needs PostgreSQL: the web and worker processes share the test database",
    )
    bucket = moto_server.new_bucket()
    env = moto_server.environment(bucket)
    for name, value in env.items():  # this process reads the same bucket (assertions, the run's tasks)
        setattr(settings, name, value)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "core.storage.PrivateS3Storage"}}
    with broker(redis_server, 5, settings) as url:
        env.update(
            DATABASE_URL=database_url(),
            REDIS_URL=url,
            CONN_MAX_AGE="0",
            DJANGO_DEBUG="1",  # the development key and static files from the sources: no collectstatic
            PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="config.settings",
            PYTHONUNBUFFERED="1",
        )
        yield {"env": env, "bucket": bucket}


@pytest.fixture
def hosts(shared, tmp_path):
    """Start processes by name; all are stopped (their whole process group) at the end."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "REDIS_URL", "DATABASE_URL"))},
        **shared["env"],
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # django-environ drops one slash of an absolute path
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "not-used"),  # a host's own disk: must stay empty
    }
    processes = Processes(tmp_path, env, grace=20)

    def start(name, *command):
        return processes.start(name, command)

    def web(name):
        port = free_port()
        proc = start(
            name, sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--threads", "2", "--timeout", "60", "--no-control-socket",
        )  # fmt: skip
        proc.url = f"http://127.0.0.1:{port}"
        return proc

    def worker(name):
        return start(name, *worker_command(name))

    start.web, start.worker, start.private_root = web, worker, tmp_path / "not-used"
    yield start
    processes.stop()


def up(proc, ready):
    """Wait until `ready()`; a process that died shows its log in the failure."""

    def check():
        assert proc.poll() is None, proc.log_path.read_text(errors="replace")[-3000:]
        return ready()

    assert wait_for(check, 45), f"not ready in 45 s:\n{proc.log_path.read_text(errors='replace')[-3000:]}"


def web_ready(proc):
    def ready():
        try:
            return requests.get(proc.url + "/healthz/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    return ready


def session_cookie(user):
    """A real session row in the shared database, as a login on any replica would write it."""
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def browser(user):
    """A requests session carrying `user`'s session and a CSRF cookie, valid on every web process."""
    csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked form of the secret
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, session_cookie(user))
    http.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    http.headers["X-CSRFToken"] = csrf
    return http


def test_two_web_processes_and_two_workers_share_database_redis_and_bucket(hosts, shared, moto_server):
    web_a, web_b = hosts.web("web-a"), hosts.web("web-b")
    worker_a, worker_b = hosts.worker("worker-a"), hosts.worker("worker-b")
    up(web_a, web_ready(web_a))
    up(web_b, web_ready(web_b))
    for proc in (worker_a, worker_b):
        up(proc, lambda p=proc: b"ready." in p.log_path.read_bytes())
    # Both consume from Redis (they answer a broadcast) before any task is sent, so that both get some.
    from config.celery import app

    assert wait_for(lambda: len(app.control.ping(timeout=1)) >= 2, 30), "the workers do not answer"

    # --- An upload through web A, downloaded through web B -----------------------------------------
    requirement = DocumentRequirementFactory(name="Passport")
    application = ApplicationFactory(call=requirement.call)
    student = browser(application.student)
    upload_url = reverse("mobility:upload", args=[application.pk, requirement.pk])
    response = student.post(
        web_a.url + upload_url,
        files={"file": ("passport.pdf", PDF_BYTES, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    document = application.documents.get()
    s3_client = moto_server.client()
    head = s3_client.head_object(Bucket=shared["bucket"], Key=document.file.name)
    assert head["ContentLength"] == len(PDF_BYTES)

    file_url = reverse("mobility:document_file", args=[document.pk])
    response = student.get(web_b.url + file_url, timeout=30)
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response.headers["Content-Type"] == "application/pdf"
    assert browser(StudentFactory()).get(web_b.url + file_url, timeout=30).status_code == 404

    # --- Certificates of one run, produced by both workers --------------------------------------------
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(PARTICIPANTS)]
    with transaction.atomic():
        [run] = summerschool_services.mark_completed(regs, by=StaffFactory())  # tasks go to Redis on commit

    def finished():
        return CertificateRun.objects.get(pk=run.pk).finished_at is not None

    assert wait_for(finished, 60), "the run did not finish in 60 s"
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.total, run.done, run.failed) == (PARTICIPANTS, PARTICIPANTS, 0)

    succeeded = {
        proc.log_path.stem: len(re.findall(rb"summerschool\.issue_certificate\[[^\]]+\] succeeded", proc.log_path.read_bytes()))
        for proc in (worker_a, worker_b)
    }  # fmt: skip
    assert sum(succeeded.values()) == PARTICIPANTS and all(succeeded.values()), succeeded

    from post_office.models import Email

    certificates = Certificate.objects.filter(registration__in=regs)
    assert certificates.count() == PARTICIPANTS
    for registration in regs:
        certificate = certificates.get(registration=registration)
        head = s3_client.head_object(Bucket=shared["bucket"], Key=certificate.pdf.name)
        assert head["ContentLength"] > 1000
        assert Email.objects.filter(to__icontains=registration.participant.email).count() == 1
        # the participant downloads it through either web process
        participant = browser(registration.participant)
        web = web_a if registration.pk % 2 else web_b
        response = participant.get(
            web.url + reverse("summerschool:certificate", args=[registration.pk]), timeout=30
        )
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    assert not hosts.private_root.exists() or not any(hosts.private_root.rglob("*"))  # no host kept a file
