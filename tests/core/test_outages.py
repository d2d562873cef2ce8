"""Redis dies while people use the portal: every change is saved, no page fails, and the emails go
out exactly once when Redis is back (this run's own redis-server, killed with SIGKILL)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from post_office.models import STATUS, Email

from config.celery import app
from core.tasks import send_queued_mail
from mobility.models import Status
from summerschool.models import Registration
from tests.factories import PASSWORD, StudentFactory
from tests.mobility.factories import ApplicationFactory
from tests.summerschool.factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.worker


@pytest.fixture
def production_dispatch(settings, redis_server):
    """Tasks go to Redis (not in-process) and the cache is Redis, as in production."""
    if not redis_server.ping():
        redis_server.start()
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_server.url(2), task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = redis_server.url(2)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url(3),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield redis_server
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None
    if not redis_server.ping():
        redis_server.start()


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_with_redis_killed_changes_are_saved_and_their_emails_arrive_once_it_is_back(
    transactional_db, production_dispatch, client, mailoutbox
):
    redis = production_dispatch
    application = ApplicationFactory(complete=True)
    school = SummerSchoolFactory()
    participant = StudentFactory()

    redis.kill()

    client.force_login(application.student)
    response = client.post(reverse("mobility:review", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED

    client.force_login(participant)
    response = client.post(
        reverse("summerschool:register", args=[school.slug]),
        {**registration_data(institution=""), "cv": cv_file()},
    )
    assert response.status_code == 302
    assert Registration.objects.filter(offering=school, participant=participant).exists()

    # Logging in and the public pages do not need the cache.
    client.logout()
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("partners:directory")).status_code == 200
    health = client.get("/healthz/")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded" and body["broker"].startswith("error")
    assert body["outbox"]["queued"] == Email.objects.filter(status=STATUS.queued).count() >= 2

    queued = {(tuple(e.to), e.subject) for e in Email.objects.all()}
    assert {to for to, _subject in queued} == {(application.student.email,), (participant.email,)}
    assert mailoutbox == []

    redis.start()
    app._pool = None
    app.amqp._producer_pool = None
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        send_queued_mail.delay()  # what beat does every minute
        assert _wait_for(lambda: not Email.objects.filter(status=STATUS.queued).exists())
        send_queued_mail.delay()  # a second sweep sends nothing again
        time.sleep(1.0)
    delivered = [(tuple(m.to), m.subject) for m in mailoutbox]
    assert sorted(delivered) == sorted(queued), "each confirmation exactly once"
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
