import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied

from learning.services import period
from learning.services.errors import LearningError
from mobility import services as mobility_services
from mobility.models import MobilityRecord, Status
from mobility.services.errors import ApplicationError
from tests.factories import StudentFactory

from .factories import incoming_mobility, outgoing_mobility, pdf_upload, signed

pytestmark = pytest.mark.django_db
D = datetime.date


def test_outgoing_host_coordinator_confirms_the_stay_not_staff_nor_student(staff):
    record, coordinator = outgoing_mobility(staff)
    for someone in (staff, record.application.student, StudentFactory()):
        with pytest.raises(PermissionDenied):
            period.confirm_arrival(record, by=someone, date=D(2026, 9, 2))
    with pytest.raises(LearningError):
        period.confirm_departure(record, by=coordinator, date=D(2027, 2, 1))  # no arrival yet
    stay = period.confirm_arrival(record, by=coordinator, date=D(2026, 9, 2))
    assert stay.arrival_date == D(2026, 9, 2) and stay.arrival_confirmed_by == coordinator
    with pytest.raises(LearningError):
        period.confirm_departure(record, by=coordinator, date=D(2026, 8, 1))


def test_staff_record_an_outgoing_stay_from_a_certificate_of_attendance(staff):
    record, coordinator = outgoing_mobility(staff)
    with pytest.raises(PermissionDenied):
        period.record_attendance_certificate(
            record,
            by=coordinator,
            file=pdf_upload("att.pdf"),
            arrival=D(2026, 9, 1),
            departure=D(2027, 1, 31),
        )
    stay = period.record_attendance_certificate(
        record, by=staff, file=pdf_upload("att.pdf"), arrival=D(2026, 9, 1), departure=D(2027, 1, 31)
    )
    assert (stay.arrival_date, stay.departure_date, stay.confirmed_from) == (
        D(2026, 9, 1),
        D(2027, 1, 31),
        "certificate",
    )
    assert stay.attendance_file


def test_incoming_staff_confirm_and_the_school_issues_the_certificate_of_attendance(staff):
    record, coordinator = incoming_mobility()
    with pytest.raises(PermissionDenied):
        period.confirm_arrival(record, by=coordinator, date=D(2026, 9, 1))
    with pytest.raises(LearningError):
        period.attendance_certificate_pdf(record)
    period.confirm_arrival(record, by=staff, date=D(2026, 9, 1))
    period.confirm_departure(record, by=staff, date=D(2027, 2, 10))
    record = MobilityRecord.objects.get(pk=record.pk)
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=period.attendance_certificate_pdf(record),
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())  # a line may wrap anywhere
    assert record.student_name in text and "5 months and 10 days" in text


def test_recognition_gates_completion(staff):
    record, coordinator = outgoing_mobility(staff)
    application = record.application
    with pytest.raises(ApplicationError, match="recognition"):
        mobility_services.transition(application, Status.COMPLETED, by=staff, notify=False)
    version = signed(record, staff, coordinator)
    with pytest.raises(LearningError, match="Transcript"):
        period.record_recognition(record, by=staff, decisions={})
    with pytest.raises(LearningError, match="arrival"):
        period.upload_transcript(record, by=record.application.student, file=pdf_upload())
    period.confirm_arrival(record, by=coordinator, date=D(2026, 9, 1))
    period.upload_transcript(record, by=record.application.student, file=pdf_upload())
    with pytest.raises(PermissionDenied):  # the host does not recognise for the home school
        period.record_recognition(record, by=coordinator, decisions={})
    first, second = version.table_b
    with pytest.raises(LearningError, match="every component"):
        period.record_recognition(record, by=staff, decisions={first.pk: (True, "15/20", "")})
    with pytest.raises(LearningError, match="Say why"):
        period.record_recognition(
            record, by=staff, decisions={first.pk: (True, "15/20", ""), second.pk: (False, "", "")}
        )
    period.record_recognition(
        record, by=staff, decisions={first.pk: (True, "15/20", ""), second.pk: (False, "", "Failed the exam")}
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert first.__class__.objects.get(pk=second.pk).recognition.reason == "Failed the exam"
    assert application.transitions.last().actor == staff


def test_incoming_mobility_completes_without_recognition_here(staff):
    record, _coordinator = incoming_mobility()
    mobility_services.transition(record.application, Status.COMPLETED, by=staff, notify=False)
    record.application.refresh_from_db()
    assert record.application.status == Status.COMPLETED


def test_the_french_certificate_of_attendance_writes_one_month_and_one_day(staff):
    from django.utils import translation

    record, _coordinator = incoming_mobility()
    period.confirm_arrival(record, by=staff, date=D(2026, 9, 1))
    period.confirm_departure(record, by=staff, date=D(2026, 10, 1))
    record = MobilityRecord.objects.get(pk=record.pk)
    with translation.override("fr"):
        pdf = period.attendance_certificate_pdf(record)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert "1 mois et 1 jour" in " ".join(text.decode().split())
