"""Nominees (to the student, copy to the coordinator) and accepted places not confirmed, driven by
moving `now` across each window: sent once, never after the deadline."""

import datetime

import pytest

from mobility.models import Application, Status
from mobility.services import nominations as services_nominations
from reminders.models import Sent
from reminders.services import run_reminders
from tests.factories import StudentFactory
from tests.mobility.factories import ApplicationFactory
from tests.mobility.factories_nominations import incoming_call, nominate, partner

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now, code):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)[code]

    return run


@pytest.fixture
def nomination(django_capture_on_commit_callbacks):
    coordinator, institution, agreement = partner(seats=2)
    call = incoming_call(agreements=[agreement])
    with django_capture_on_commit_callbacks(execute=True):  # the invitation goes out now
        return nominate(call, institution, coordinator, 0, language="fr")


def test_an_invited_nominee_who_never_started_is_reminded_with_the_coordinator_in_copy(
    nomination, sweep, mailoutbox
):
    code = "mobility.nominee_not_started"
    deadline = nomination.call.application_deadline
    assert sweep(deadline - 8 * DAY, code) == 0
    assert sweep(deadline - 7 * DAY, code) == 1
    (email,) = [m for m in mailoutbox if m.to == [nomination.email]]
    assert email.to == [nomination.email] and email.cc == [nomination.nominated_by.email]
    assert "pas encore commencé" in email.subject  # the nomination's language
    assert f"/invitation/{nomination.token}/" in email.body
    assert sweep(deadline - 2 * DAY, code) == 0  # once
    assert Sent.objects.get(rule__code=code).recipient == nomination.nominated_by


def test_not_sent_after_the_deadline_nor_once_started(nomination, sweep):
    code = "mobility.nominee_not_started"
    deadline = nomination.call.application_deadline
    assert sweep(deadline + DAY, code) == 0
    services_nominations.claim(nomination, by=StudentFactory())
    assert sweep(deadline - 3 * DAY, code) == 0


def test_a_nominees_draft_is_reminded_with_the_coordinator_in_copy_not_twice(
    nomination, sweep, mailoutbox, django_capture_on_commit_callbacks
):
    student = StudentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = services_nominations.claim(nomination, by=student)
    deadline = nomination.call.application_deadline
    counts = run_reminders(now=deadline - 7 * DAY, dry_run=True)
    assert (counts["mobility.nominee_draft_7_days"], counts["mobility.draft_7_days"]) == (1, 0)
    assert sweep(deadline - 7 * DAY, "mobility.nominee_draft_7_days") == 1
    (email,) = [m for m in mailoutbox if m.to == [student.email]]
    assert email.to == [student.email] and email.cc == [nomination.nominated_by.email]
    assert f"/applications/{application.pk}/submit/" in email.body
    assert sweep(deadline - 6 * DAY, "mobility.nominee_draft_7_days") == 0
    assert sweep(deadline - DAY, "mobility.nominee_draft_1_day") == 1
    assert sweep(deadline + DAY, "mobility.nominee_draft_1_day") == 0


def test_an_accepted_place_not_confirmed_is_reminded_3_days_before_the_confirmation_deadline(
    sweep, mailoutbox
):
    code = "mobility.confirmation_3_days"
    application = ApplicationFactory(complete=True)
    Application.objects.filter(pk=application.pk).update(status=Status.ACCEPTED)
    call = application.call
    assert sweep(call.application_deadline, code) == 0  # no confirmation deadline: nothing
    call.confirmation_deadline = call.application_deadline + 60 * DAY
    call.save(update_fields=["confirmation_deadline"])
    assert sweep(call.confirmation_deadline - 4 * DAY, code) == 0
    assert sweep(call.confirmation_deadline - 3 * DAY, code) == 1
    assert "Confirm your place" in mailoutbox[0].subject
    assert f"/applications/{application.pk}/" in mailoutbox[0].body
    assert sweep(call.confirmation_deadline - DAY, code) == 0
    assert sweep(call.confirmation_deadline + DAY, code) == 0


def test_a_confirmed_place_is_not_reminded(sweep):
    application = ApplicationFactory(complete=True)
    Application.objects.filter(pk=application.pk).update(status=Status.CONFIRMED)
    call = application.call
    call.confirmation_deadline = call.application_deadline + 60 * DAY
    call.save(update_fields=["confirmation_deadline"])
    assert sweep(call.confirmation_deadline - 2 * DAY, "mobility.confirmation_3_days") == 0


def test_staff_edit_the_confirmation_deadline_in_the_call_admin(admin_client):
    application = ApplicationFactory()
    page = admin_client.get(f"/admin/mobility/call/{application.call.pk}/change/").content.decode()
    assert 'name="confirmation_deadline_0"' in page


def test_a_place_offered_from_the_waiting_list_is_reminded_before_its_own_deadline(sweep, mailoutbox):
    from mobility import services
    from mobility.services import allocation
    from tests.factories import StaffFactory
    from tests.mobility.factories_selection import applicant, contest_call

    call, (seat, _other) = contest_call(seats=(1, 0))
    holder = applicant(call, [seat], marks=[18, 9])
    waiting = applicant(call, [seat], marks=[10, 5])
    allocation.publish(call, by=StaffFactory())
    services.transition(holder, Status.WITHDRAWN, by=holder.student)
    waiting.refresh_from_db()
    deadline = waiting.offer_expires_at
    assert waiting.status == Status.ACCEPTED and deadline < call.confirmation_deadline
    code = "mobility.offer_reply_1_day"
    assert sweep(deadline - 2 * DAY, code) == 0
    assert sweep(deadline - DAY, code) == 1
    reminders = [m for m in mailoutbox if "Confirm your place" in m.subject]
    assert [m.to for m in reminders] == [[waiting.student.email]]
    assert sweep(deadline - DAY / 2, code) == 0
    # Its own deadline, not the call's: the call's reminder leaves it alone.
    assert sweep(call.confirmation_deadline - 3 * DAY, "mobility.confirmation_3_days") == 0
