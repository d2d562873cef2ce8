"""Coordinators reminded of unused incoming seats, staff's weekly digest per call."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from mobility.models import Application, ApplicationDocument, Status
from reminders.models import Sent
from reminders.services import run_reminders
from tests.factories import UserFactory
from tests.mobility.factories import ApplicationFactory, CallFactory
from tests.mobility.factories_nominations import incoming_call, nominate, partner

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SEATS = "mobility.incoming_seats_unused"
DIGEST = "mobility.staff_weekly_digest"


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now, code):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)[code]

    return run


def test_coordinators_are_reminded_of_unused_seats_14_days_before_the_deadline(sweep, mailoutbox):
    coordinator, institution, agreement = partner(seats=2)
    call = incoming_call(agreements=[agreement])
    deadline = call.application_deadline
    assert sweep(deadline - 15 * DAY, SEATS) == 0
    assert sweep(deadline - 14 * DAY, SEATS) == 1
    (email,) = mailoutbox
    assert email.to == [coordinator.email] and call.title in email.subject
    assert f"{institution.name}: 2 incoming seats left" in email.body
    assert "/programmes/incoming/" in email.body
    assert sweep(deadline - 13 * DAY, SEATS) == 0  # once
    assert sweep(deadline + DAY, SEATS) == 0


def test_no_seat_reminder_once_every_seat_is_nominated(sweep, django_capture_on_commit_callbacks):
    coordinator, institution, agreement = partner(seats=1)
    call = incoming_call(agreements=[agreement])
    with django_capture_on_commit_callbacks(execute=True):
        nominate(call, institution, coordinator, 0)
    assert sweep(call.application_deadline - 10 * DAY, SEATS) == 0


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF, is_staff=True)


def _waiting_application(call, submitted_at):
    application = ApplicationFactory(call=call, complete=True)
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED, submitted_at=submitted_at)
    return application


def test_staff_receive_a_weekly_digest_per_call_while_there_is_something_to_do(staff, sweep, mailoutbox):
    now = timezone.now()
    call = CallFactory(opens_at=now - 60 * DAY, application_deadline=now - 30 * DAY)
    assert sweep(now, DIGEST) == 0  # nothing waiting: no digest
    _waiting_application(call, now - 10 * DAY)
    assert sweep(now, DIGEST) == 1
    (email,) = mailoutbox
    assert email.to == [staff.email] and call.title in email.subject
    assert "1 application waiting for review for more than 7 days" in email.body
    assert sweep(now + 2 * DAY, DIGEST) == 0  # weekly: not again this week
    decision = datetime.datetime.combine(call.decision_date, datetime.time(12), tzinfo=datetime.UTC)
    later = decision - 3 * DAY
    assert sweep(later, DIGEST) == 1
    assert "still undecided, decisions due by" in mailoutbox[0].body
    assert sweep(decision + 2 * DAY, DIGEST) == 0  # never after the decision date
    assert Sent.objects.filter(rule__code=DIGEST).count() == 2


def test_the_digest_counts_documents_not_yet_checked(staff, sweep, mailoutbox):
    now = timezone.now()
    call = CallFactory(opens_at=now - 60 * DAY, application_deadline=now - 30 * DAY)
    application = _waiting_application(call, now - 2 * DAY)
    requirement = call.document_requirements.create(name="Transcript", order=1)
    ApplicationDocument.objects.create(
        application=application,
        requirement=requirement,
        file="x.pdf",
        original_name="x.pdf",
        kind="pdf",
        size=10,
        uploaded_at=now,
    )
    assert sweep(now, DIGEST) == 1
    assert "1 document received and not yet checked" in mailoutbox[0].body
    assert "waiting for review" not in mailoutbox[0].body


def test_the_office_staff_are_read_once_per_rule_not_once_per_call(staff):
    """Staff reminders go to every IRO staff account: the sweep reads them in one query whatever the
    number of calls it reminds of (a query per call would grow with the calls)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.models import Rule
    from reminders.registry import registered
    from reminders.selectors import due

    now = timezone.now()
    reminder = registered()[DIGEST]
    rule = Rule.objects.get(code=DIGEST)

    def queries_and_due():
        with CaptureQueriesContext(connection) as context:
            found = due(rule, reminder, now)
        return len(context), len(found)

    def call_with_a_waiting_application():
        call = CallFactory(opens_at=now - 60 * DAY, application_deadline=now - 30 * DAY)
        _waiting_application(call, now - 10 * DAY)

    call_with_a_waiting_application()
    UserFactory(role=Role.STAFF, is_staff=True)
    one_call, found = queries_and_due()
    assert found == 2  # one call, two staff
    for _ in range(3):
        call_with_a_waiting_application()
    assert queries_and_due() == (one_call, 8)
