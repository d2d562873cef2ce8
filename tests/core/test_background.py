"""The outbox: an email is a row written with the change that causes it, delivered by Celery."""

import time

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from post_office.models import STATUS, Email

from core.emails import deliver_queued, queue_message, send_templated_email
from core.tasks import enqueue_once_on_commit, send_queued_mail
from tests.factories import StudentFactory


def _message(subject, to="student@example.org", body="Body"):
    return EmailMultiAlternatives(subject=subject, body=body, from_email="iro@example.org", to=[to])


@pytest.mark.django_db
def test_an_email_is_written_with_the_change_and_delivered_after_the_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(3):
            queue_message(_message(f"Hello {n}"))
        assert Email.objects.filter(status=STATUS.queued).count() == 3
        assert mailoutbox == [], "nothing goes out before the commit"
    assert len(callbacks) == 1, "one delivery task for the whole block, not one per email"
    assert sorted(m.subject for m in mailoutbox) == ["Hello 0", "Hello 1", "Hello 2"]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    # Delivering again sends nothing twice.
    deliver_queued()
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom), transaction.atomic():
        queue_message(_message("Decision that was never taken"))
        raise Boom
    deliver_queued()
    assert mailoutbox == [] and not Email.objects.exists()


@pytest.mark.django_db
def test_text_a_person_typed_reaches_the_reader_as_typed_with_its_attachment(
    django_capture_on_commit_callbacks, mailoutbox
):
    msg = _message("About {{ secret }}", body="My name is {% debug %} {{ x }} & co")
    msg.attach_alternative("<p>{{ x }}</p>", "text/html")
    msg.attach("letter.pdf", b"%PDF-1.7 letter", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        queue_message(msg)
    [sent] = mailoutbox
    assert sent.subject == "About {{ secret }}"
    assert sent.body == "My name is {% debug %} {{ x }} & co"
    assert sent.alternatives[0][0] == "<p>{{ x }}</p>"
    assert sent.attachments[0][0] == "letter.pdf" and sent.attachments[0][1] == b"%PDF-1.7 letter"


@pytest.mark.django_db
def test_templated_email_follows_the_readers_language(django_capture_on_commit_callbacks, mailoutbox):
    student = StudentFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(student, "account/email/password_reset_key", {"password_reset_url": "u"})
    [sent] = mailoutbox
    assert sent.to == [student.email]
    assert "mot de passe" in sent.subject.lower() or "mot de passe" in sent.body.lower()


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_with_backoff_then_marked_failed(settings, mailoutbox):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.core.failing_backend.FailingBackend"},
        "MAX_RETRIES": 2,
    }
    queue_message(_message("Will fail"))
    email = Email.objects.get()
    totals = deliver_queued()
    email.refresh_from_db()
    assert totals["requeued"] == 1 and email.status == STATUS.requeued
    first_delay = email.scheduled_time - email.last_updated
    # Due again: the second failure waits twice as long.
    Email.objects.filter(pk=email.pk).update(scheduled_time=None)
    deliver_queued()
    email.refresh_from_db()
    assert email.number_of_retries == 2
    assert email.scheduled_time - email.last_updated >= 2 * first_delay - first_delay / 10
    Email.objects.filter(pk=email.pk).update(scheduled_time=None)
    deliver_queued()
    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert [log.status for log in email.logs.order_by("date")] == [STATUS.failed] * 3
    assert "SMTP server said no" in email.logs.first().message


def test_the_outbox_is_swept_every_minute_from_a_fresh_database(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="core.send_queued_mail")
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "minutes")


@pytest.mark.worker
def test_real_worker_delivers_the_outbox_on_commit_and_nothing_after_rollback(celery_worker, mailoutbox):
    from config.celery import app

    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    with transaction.atomic():
        queue_message(_message("Committed"))
        assert mailoutbox == [], "nothing may run before the commit"

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        queue_message(_message("Rolled back"))
        raise Boom

    deadline = time.monotonic() + 20
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # give a wrongly sent second email the time to show up
    assert [m.subject for m in mailoutbox] == ["Committed"]
    assert Email.objects.get().status == STATUS.sent


@pytest.mark.django_db
def test_in_process_tasks_run_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    with transaction.atomic():  # another request, whose delivery task has not run
        queue_message(_message("Queued"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_once_on_commit(send_queued_mail)
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert [m.subject for m in mail.outbox] == ["Queued"]
