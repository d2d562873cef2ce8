"""A portal with one person's data in each retention category, files really stored."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import mobility.tasks  # noqa: F401  (registers the letter task the transitions dispatch)
from core.emails import send_templated_email
from core.models import FileAccess, FileKind
from mobility import services as mobility_services
from mobility.models import AcceptanceLetter, ApplicationDocument, MobilityRecord, Status
from mobility.services.records import mark_recognised
from summerschool.models import Certificate, Payment
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import PDF_BYTES, DocumentRequirementFactory
from tests.mobility.factories_records import MobilityRecordFactory, decide, under_review
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory


def stored(field_file):
    """True when the file is in storage (not only referenced by a row)."""
    return bool(field_file.name) and field_file.storage.exists(field_file.name)


def add_document(application, name="passport.pdf"):
    requirement = DocumentRequirementFactory(call=application.call)
    document = ApplicationDocument(
        application=application,
        requirement=requirement,
        original_name=name,
        kind="pdf",
        size=len(PDF_BYTES),
        uploaded_at=timezone.now(),
    )
    document.file.save(name, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def add_letter(application, start, end):
    letter, _ = AcceptanceLetter.objects.get_or_create(application=application)
    letter.start_date, letter.end_date = start, end
    letter.file.save("letter.pdf", ContentFile(PDF_BYTES), save=False)
    letter.generated_at = timezone.now()
    letter.save()
    return letter


def key_figures(client):
    response = client.get(reverse("mobility:key_figures"))
    assert response.status_code == 200
    return json.dumps(response.context["figures"], default=str, sort_keys=True)


@pytest.fixture
def world(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    today = timezone.localdate()
    staff = StaffFactory()
    w = {"staff": staff, "today": today}

    # A rejected application with a passport scan.
    rejected = decide(under_review(staff), Status.REJECTED, staff=staff)
    w["rejected"] = rejected
    w["rejected_doc"] = add_document(rejected)

    # A withdrawn application under a legal hold.
    held = decide(under_review(staff), Status.WITHDRAWN, staff=staff)
    w["held"] = held
    w["held_doc"] = add_document(held)
    from privacy.models import LegalHold

    w["hold"] = LegalHold.objects.create(application=held, reason="Appeal pending", set_by=staff)

    # A mobility that ends in a month: documents, letter, mobility record.
    done = decide(under_review(staff), Status.ACCEPTED, Status.CONFIRMED, staff=staff)
    end = today + datetime.timedelta(days=30)
    record = MobilityRecord.objects.get(application=done)
    MobilityRecord.objects.filter(pk=record.pk).update(
        start_date=today - datetime.timedelta(days=150), end_date=end
    )
    w["done"], w["done_end"] = done, end
    w["done_doc"] = add_document(done, "immunisation.pdf")
    w["done_letter"] = add_letter(done, today - datetime.timedelta(days=150), end)
    mark_recognised(record)  # an outgoing mobility completes once its recognition is recorded
    mobility_services.transition(done, Status.COMPLETED, by=staff, notify=False)

    # Past years' imported records (no application).
    for year in (2021, 2022, 2023):
        MobilityRecordFactory(academic_year=year)

    # A summer school that ended 10 days ago: a paid registration and an unpaid one, a certificate.
    school = SummerSchoolFactory(
        starts_on=today - datetime.timedelta(days=21),
        ends_on=today - datetime.timedelta(days=10),
        registration_opens=timezone.now() - datetime.timedelta(days=90),
        registration_closes=timezone.now() - datetime.timedelta(days=30),
    )
    # A name no other generated row can contain by chance (the erasure test searches every column for it).
    payer = StudentFactory(first_name="Zéphyrine", last_name="Quillebœuf-Andriamanitra")
    paid = RegistrationFactory(offering=school, state="completed", participant=payer)
    payment = Payment.objects.create(
        registration=paid,
        amount=paid.fee or 100,
        paid_on=today - datetime.timedelta(days=40),
        bank_reference="VIR-1",
    )
    certificate = Certificate.objects.create(registration=paid)
    certificate.pdf.save("certificate.pdf", ContentFile(PDF_BYTES))
    unpaid = RegistrationFactory(offering=school, state="cancelled")
    w.update(school=school, paid=paid, payment=payment, certificate=certificate, unpaid=unpaid)

    # A download of the rejected student's passport by staff, and an email with an attachment.
    w["access"] = FileAccess.objects.create(
        user=staff,
        user_email=staff.email,
        owner=rejected.student,
        owner_email=rejected.student.email,
        kind=FileKind.APPLICATION_DOCUMENT,
        file_name="passport.pdf",
    )
    send_templated_email(
        paid.participant,
        "summerschool/email/certificate",
        {"registration": paid, "certificate": certificate, "offering": school},
        attachments=[("certificate.pdf", PDF_BYTES, "application/pdf")],
    )

    # Someone who has not logged in for four years, and someone active.
    w["inactive"] = StudentFactory(last_login=timezone.now() - datetime.timedelta(days=4 * 365))
    w["active"] = StudentFactory(last_login=timezone.now())
    return w
