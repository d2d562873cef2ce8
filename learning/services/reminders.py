"""The gaps staff chase after acceptance, as reminders of the reminders app (one sweep, one ledger):
an agreement still unsigned 30 days before the start, no arrival confirmed after the start, no
Transcript of Records 5 weeks after the end. The staff page of the same gaps is `reporting.missing`."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, office_staff, register

from . import reporting

UNSIGNED = "learning.agreement_unsigned"
NO_ARRIVAL = "learning.arrival_unconfirmed"
NO_TRANSCRIPT = "learning.transcript_missing"


def _link(record):
    return reverse("learning:agreement", args=[record.pk])


def _student(record):
    return [record.application.student]


def _host(record):
    """Who confirms the stay: the partner's coordinators (outgoing), IRO staff (incoming)."""
    if record.direction == "outgoing":
        return list(record.institution.coordinators.all()) if record.institution_id else []
    return office_staff()


def _transcript_people(record):
    return [*_student(record), *_host(record)]


def register_all():
    register(
        Reminder(
            code=UNSIGNED,
            name=_("Student: learning agreement not signed by all three, 30 days before the mobility starts"),
            candidates=lambda now: reporting.unsigned_agreements(now),
            deadline="start_date",
            deadline_is_date=True,
            recipients=_student,
            template="learning/email/reminder_unsigned",
            link=_link,
            context=lambda record: {"record": record},
            offset=reporting.UNSIGNED_BEFORE,
        )
    )
    register(
        Reminder(
            code=NO_ARRIVAL,
            name=_("Host: arrival not confirmed, 3 days after the mobility's start"),
            candidates=lambda now: reporting.arrivals_unconfirmed(now),
            deadline="start_date",
            deadline_is_date=True,
            recipients=_host,
            template="learning/email/reminder_arrival",
            link=_link,
            context=lambda record: {"record": record},
            offset=-datetime.timedelta(days=3),
        )
    )
    register(
        Reminder(
            code=NO_TRANSCRIPT,
            name=_("Student and host: no Transcript of Records 5 weeks after the mobility's end"),
            candidates=lambda now: reporting.transcripts_missing(now),
            deadline="end_date",
            deadline_is_date=True,
            recipients=_transcript_people,
            template="learning/email/reminder_transcript",
            link=_link,
            context=lambda record: {"record": record},
            offset=-reporting.TRANSCRIPT_AFTER,
        )
    )
