import datetime

import pytest

from mobility import services
from reminders.models import Sent
from reminders.services import run_reminders

from .factories import ApplicationFactory, DocumentRequirementFactory, pdf_file

pytestmark = pytest.mark.django_db

RULE = "mobility.documents_missing"


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
    assert run_reminders(now=four_days_before)[RULE] == 0
    two_days_before = call.documents_deadline - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders(now=two_days_before)[RULE] == 1
        assert run_reminders(now=two_days_before)[RULE] == 0
    assert [m.to for m in mailoutbox] == [[missing.student.email]]
    assert "Proof of personal funds" in mailoutbox[0].body and "Paris time" in mailoutbox[0].body
    assert f"/applications/{missing.pk}/" in mailoutbox[0].body
    sent = Sent.objects.get()
    assert (sent.object_id, sent.sent_at, sent.deadline) == (
        missing.pk,
        two_days_before,
        call.documents_deadline,
    )


def test_the_reminder_sweep_runs_every_15_minutes_from_a_fresh_database():
    from django_celery_beat.models import PeriodicTask

    from reminders.tasks import run_reminders as task

    periodic = PeriodicTask.objects.get(task=task.name)
    assert periodic.enabled and periodic.interval.every == 15 and periodic.interval.period == "minutes"
    assert not PeriodicTask.objects.filter(task="mobility.send_document_reminders").exists()
