import pytest
from django.db import transaction

from core.tasks import enqueue_on_commit, send_email


def _message(subject):
    return {
        "subject": subject,
        "body": "Body",
        "from_email": "iro@example.org",
        "to": ["student@example.org"],
    }


@pytest.mark.worker
def test_real_worker_runs_a_task_dispatched_on_commit_and_nothing_after_rollback(celery_worker, mailoutbox):
    from config.celery import app

    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    with transaction.atomic():
        enqueue_on_commit(send_email, _message("Committed"))
        assert mailoutbox == [], "nothing may run before the commit"

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        enqueue_on_commit(send_email, _message("Rolled back"))
        raise Boom

    # The worker runs in its own thread, consuming from Redis: wait for what it does.
    import time

    deadline = time.monotonic() + 20
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # give a wrongly dispatched second task the time to show up
    assert [m.subject for m in mailoutbox] == ["Committed"]


@pytest.mark.django_db
def test_on_commit_dispatch_runs_eagerly_after_commit_in_tests(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(send_email, _message("Hello"))
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert mailoutbox[0].subject == "Hello"
