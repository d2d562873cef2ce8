"""The student reminders of mobility: drafts before the application deadline, missing documents weekly."""

import datetime

import pytest
from django.utils import timezone

from mobility import services
from mobility.models import Application
from reminders.models import Sent
from reminders.services import run_reminders
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
WEEKLY = "mobility.documents_missing_weekly"


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)

    return run


def test_a_draft_is_reminded_7_days_and_1_day_before_the_application_deadline(sweep, mailoutbox):
    draft = ApplicationFactory()
    deadline = draft.call.application_deadline
    counts = sweep(deadline - 8 * DAY)
    assert (counts["mobility.draft_7_days"], counts["mobility.draft_1_day"]) == (0, 0)
    assert sweep(deadline - 7 * DAY)["mobility.draft_7_days"] == 1
    assert sweep(deadline - 3 * DAY)["mobility.draft_7_days"] == 0  # not re-sent
    counts = sweep(deadline - DAY + datetime.timedelta(hours=2))
    assert (counts["mobility.draft_7_days"], counts["mobility.draft_1_day"]) == (0, 1)
    assert sweep(deadline + DAY)["mobility.draft_1_day"] == 0  # never after the deadline
    assert [m.to for m in mailoutbox] == [[draft.student.email]] * 2
    assert "not submitted" in mailoutbox[0].subject and "Paris time" in mailoutbox[0].body
    assert f"/applications/{draft.pk}/submit/" in mailoutbox[0].body


def test_a_submitted_application_is_not_reminded_as_a_draft(sweep, django_capture_on_commit_callbacks):
    application = ApplicationFactory(complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.student)
    assert sweep(application.call.application_deadline - DAY)["mobility.draft_1_day"] == 0


def test_missing_documents_are_reminded_every_week_while_missing(
    sweep, mailoutbox, django_capture_on_commit_callbacks
):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.student)
    submitted = timezone.now()
    deadline = application.call.documents_deadline
    assert sweep(submitted + 3 * DAY)[WEEKLY] == 0  # the submission email listed them
    assert sweep(submitted + 8 * DAY)[WEEKLY] == 1
    assert sweep(submitted + 9 * DAY)[WEEKLY] == 0  # once a week
    assert sweep(submitted + 15 * DAY + datetime.timedelta(hours=1))[WEEKLY] == 1
    assert Sent.objects.filter(rule__code=WEEKLY).count() == 2
    assert sweep(deadline - 2 * DAY)[WEEKLY] == 0  # the last week is the 3-day reminder's
    Application.objects.filter(pk=application.pk).update(missing_documents=0)
    assert sweep(submitted + 22 * DAY + datetime.timedelta(hours=1))[WEEKLY] == 0  # nothing missing
