import datetime

import pytest

from mobility import services, tasks
from mobility.models import Application

from .factories import ApplicationFactory, DocumentRequirementFactory, pdf_file

pytestmark = pytest.mark.django_db


def test_missing_documents_reminder_is_sent_once_three_days_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    requirement = DocumentRequirementFactory(name="Proof of personal funds")
    call = requirement.call
    missing = ApplicationFactory(call=call, complete=True)
    complete = ApplicationFactory(call=call, complete=True)
    services.upload_document(complete, requirement, pdf_file(), by=complete.student)
    with django_capture_on_commit_callbacks(execute=True):  # each submission commits (and is emailed)
        for a in (missing, complete):
            services.submit(a, by=a.student)
    mailoutbox.clear()
    four_days_before = call.documents_deadline - datetime.timedelta(days=4)
    assert services.send_document_reminders(now=four_days_before) == 0
    two_days_before = call.documents_deadline - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_document_reminders(now=two_days_before) == 1
        assert services.send_document_reminders(now=two_days_before) == 0
    assert [m.to for m in mailoutbox] == [[missing.student.email]]
    assert "Proof of personal funds" in mailoutbox[0].body and "Paris time" in mailoutbox[0].body
    assert Application.objects.get(pk=missing.pk).documents_reminder_sent_at == two_days_before


def test_reminder_task_wraps_the_service():
    assert tasks.send_document_reminders.delay().get() == 0


def test_the_document_reminder_runs_every_morning_from_a_fresh_database():
    from django_celery_beat.models import PeriodicTask

    from mobility.tasks import send_document_reminders

    task = PeriodicTask.objects.get(task=send_document_reminders.name)
    assert task.enabled and task.crontab.hour == "8" and str(task.crontab.timezone) == "Europe/Paris"
