"""Summer-school reminders: payment due in 3 days, a waiting-list offer expiring within 24 hours."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from reminders.services import run_reminders
from summerschool.models import State
from tests.summerschool.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now, code):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)[code]

    return run


def test_payment_due_is_reminded_3_days_before_the_due_day(sweep, mailoutbox):
    registration = RegistrationFactory(state=State.ACCEPTED, payment_due=datetime.date(2027, 5, 10))
    code = "summerschool.payment_due"
    assert (
        sweep(datetime.datetime(2027, 5, 7, 23, 0, tzinfo=PARIS), code) == 0
    )  # 3 days before midnight after the 10th
    assert sweep(datetime.datetime(2027, 5, 8, 9, 0, tzinfo=PARIS), code) == 1
    assert sweep(datetime.datetime(2027, 5, 9, 9, 0, tzinfo=PARIS), code) == 0
    assert sweep(datetime.datetime(2027, 5, 11, 0, 30, tzinfo=PARIS), code) == 0  # past due
    assert [m.to for m in mailoutbox] == [[registration.participant.email]]
    assert "10 May 2027" in mailoutbox[0].body and f"/registrations/{registration.pk}/" in mailoutbox[0].body
    registration.payment_due = datetime.date(2027, 5, 20)  # staff extended the payment date
    registration.save(update_fields=["payment_due"])
    assert sweep(datetime.datetime(2027, 5, 18, 9, 0, tzinfo=PARIS), code) == 1


def test_a_paid_registration_is_not_reminded(sweep):
    RegistrationFactory(state=State.CONFIRMED, payment_due=datetime.date(2027, 5, 10))
    assert sweep(datetime.datetime(2027, 5, 9, 9, 0, tzinfo=PARIS), "summerschool.payment_due") == 0


def test_an_offer_is_reminded_once_within_24_hours_of_expiring(sweep, mailoutbox):
    expires = datetime.datetime(2027, 6, 3, 18, 0, tzinfo=PARIS)
    registration = RegistrationFactory(state=State.OFFERED, offer_expires_at=expires)
    code = "summerschool.offer_expiring"
    assert sweep(expires - 25 * HOUR, code) == 0
    assert sweep(expires - 20 * HOUR, code) == 1  # caught up 4 hours late
    assert sweep(expires - 10 * HOUR, code) == 0
    assert sweep(expires + HOUR, code) == 0
    assert [m.to for m in mailoutbox] == [[registration.participant.email]]
    assert "3 June 2027, 18:00 Paris time" in mailoutbox[0].body
