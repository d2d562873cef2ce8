"""Confirmed mobilities (outgoing and incoming) with their partner's coordinator, and helpers that
drive a learning agreement through the real services."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import GrantRate, GrantYear
from learning.services import agreements
from mobility.models import Application, MobilityRecord, Status
from mobility.services import records
from partners.models import AgreementKind, Direction
from tests.factories import AgreementFactory, CoordinatorFactory, InstitutionFactory, StudentFactory
from tests.mobility.factories import PDF_BYTES, ApplicationFactory, CallFactory
from tests.mobility.factories_records import decide, under_review

START, END = datetime.date(2026, 9, 1), datetime.date(2027, 2, 10)  # 5 months 10 days


def grant_rates(year=2026, group2="540.00"):
    grant_year, _ = GrantYear.objects.get_or_create(call_year=year)
    for group, rate in ((1, "600.00"), (2, group2), (3, "490.00")):
        GrantRate.objects.update_or_create(
            year=grant_year, country_group=group, defaults={"monthly_rate": Decimal(rate)}
        )
    return grant_year


def _partner(country="DE"):
    institution = InstitutionFactory(country=country, erasmus_code=None)
    agreement = AgreementFactory(institution=institution, kind=AgreementKind.ACADEMIC_EXCHANGE)
    coordinator = CoordinatorFactory(institutions=[institution])
    return coordinator, institution, agreement


def outgoing_mobility(staff, country="DE", year=2026):
    """A confirmed outgoing Erasmus+ exchange, through the real services: (record, coordinator)."""
    coordinator, _institution, agreement = _partner(country)
    call = CallFactory(kind=AgreementKind.ACADEMIC_EXCHANGE, academic_year=year, agreements=[agreement])
    application = under_review(staff, call=call)
    application.allocated_agreement = agreement
    application.save(update_fields=["allocated_agreement"])
    decide(application, Status.ACCEPTED, Status.CONFIRMED, staff=staff)
    record = MobilityRecord.objects.get(application=application)
    MobilityRecord.objects.filter(pk=record.pk).update(start_date=START, end_date=END)
    record.refresh_from_db()
    return record, coordinator


def incoming_mobility(year=2026):
    """A confirmed incoming student of a partner: (record, the partner's coordinator)."""
    coordinator, _institution, agreement = _partner("IT")
    call = CallFactory(
        kind=AgreementKind.ACADEMIC_EXCHANGE,
        direction=Direction.INCOMING,
        academic_year=year,
        agreements=[agreement],
    )
    application = ApplicationFactory(call=call, student=StudentFactory(), complete=True)
    Application.objects.filter(pk=application.pk).update(
        status=Status.CONFIRMED, allocated_agreement=agreement
    )
    application.refresh_from_db()
    record = records.record_mobility(application)
    MobilityRecord.objects.filter(pk=record.pk).update(start_date=START, end_date=END)
    record.refresh_from_db()
    return record, coordinator


TABLE_A = [
    {
        "table": "A",
        "code": "MED-401",
        "title": "Internal medicine clerkship",
        "semester": "Autumn 2026",
        "ects": Decimal("15"),
    },
    {
        "table": "A",
        "code": "MED-402",
        "title": "Paediatrics",
        "semester": "Autumn 2026",
        "ects": Decimal("15"),
    },
]
TABLE_B = [
    {
        "table": "B",
        "code": "DFASM1-UE3",
        "title": "Médecine interne",
        "semester": "S1",
        "ects": Decimal("15"),
    },
    {"table": "B", "code": "DFASM1-UE5", "title": "Pédiatrie", "semester": "S1", "ects": Decimal("15")},
]
HEADER = {"planned_start": START, "planned_end": END, "language": "English", "language_level": "B2"}


def drafted(record, student=None):
    """The student's first draft, filled in and submitted (the student signed it)."""
    student = student or record.application.student
    agreement = agreements.start_agreement(record, by=student)
    version = agreements.editable_version(agreement, by=student)
    agreements.save_draft(version, by=student, data=HEADER, components=[*TABLE_A, *TABLE_B])
    return agreements.submit(version, by=student)


def signed(record, staff, coordinator):
    version = drafted(record)
    agreements.sign(version, by=staff)
    agreements.sign(version, by=coordinator)
    version.refresh_from_db()
    return version


def pdf_upload(name="transcript.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
