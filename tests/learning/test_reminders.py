"""The follow-up gaps as reminders of the reminders app: each once, to the right people."""

import datetime

import pytest
from django.utils import timezone

from core.emails import deliver_queued
from learning.services import period, reporting
from learning.services.reminders import NO_ARRIVAL, NO_TRANSCRIPT, UNSIGNED
from reminders.services import run_reminders

from .factories import drafted, outgoing_mobility, pdf_upload, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now, code):
        deliver_queued()  # the emails of the story so far (signatures…) are not the reminder's
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            count = run_reminders(now=now).get(code, 0)
        return count, sorted(m.to[0] for m in mailoutbox)

    return run


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_unsigned_agreement_30_days_before_the_start_once(staff, sweep, mailoutbox):
    record, _coordinator = outgoing_mobility(staff)  # starts 1 September 2026
    drafted(record)
    student = record.application.student.email
    assert sweep(at(datetime.date(2026, 7, 20)), UNSIGNED) == (0, [])
    assert sweep(at(datetime.date(2026, 8, 3)), UNSIGNED) == (1, [student])
    assert "not signed by the three parties" in mailoutbox[0].body
    assert f"/mobilities/{record.pk}/" in mailoutbox[0].body
    assert sweep(at(datetime.date(2026, 8, 4)), UNSIGNED) == (0, [])  # once


def test_no_arrival_goes_to_the_host_coordinator_and_stops_once_confirmed(staff, sweep):
    record, coordinator = outgoing_mobility(staff)
    signed(record, staff, coordinator)
    assert sweep(at(datetime.date(2026, 9, 5)), NO_ARRIVAL) == (1, [coordinator.email])
    other, other_coordinator = outgoing_mobility(staff)
    signed(other, staff, other_coordinator)
    period.confirm_arrival(other, by=other_coordinator, date=datetime.date(2026, 9, 1))
    assert sweep(at(datetime.date(2026, 9, 6)), NO_ARRIVAL) == (0, [])


def test_no_transcript_5_weeks_after_the_end(staff, sweep):
    record, coordinator = outgoing_mobility(staff)  # ends 10 February 2027
    signed(record, staff, coordinator)
    period.confirm_arrival(record, by=coordinator, date=datetime.date(2026, 9, 1))
    expected = sorted([record.application.student.email, coordinator.email])
    assert sweep(at(datetime.date(2027, 3, 10)), NO_TRANSCRIPT) == (0, [])
    assert sweep(at(datetime.date(2027, 3, 18)), NO_TRANSCRIPT) == (2, expected)
    period.upload_transcript(record, by=coordinator, file=pdf_upload())
    assert not reporting.transcripts_missing(at(datetime.date(2027, 4, 1))).exists()
