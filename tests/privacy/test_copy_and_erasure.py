"""A person's own copy (exactly their data, once, for a limited time) and erasure on request (no
personal field of theirs left anywhere, audit and status histories included, invoices kept)."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from core.models import FileAccess
from mobility import services as mobility_services
from mobility.models import ApplicationTransition, MobilityRecord, Status
from privacy import services
from privacy.models import AccountingRecord, DataRequest, LegalHold, RequestStatus
from summerschool.models import Payment, Registration
from tests.factories import StudentFactory
from tests.mobility.factories_records import decide, under_review

from .conftest import add_document, stored

pytestmark = pytest.mark.django_db


def read_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("my-data.json"))


def download(client, request):
    response = client.get(reverse("privacy:download_copy", args=[request.token]))
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, content


# --- Copy -----------------------------------------------------------------------------------------


def test_copy_contains_exactly_the_persons_data(world, client, django_capture_on_commit_callbacks):
    student = world["rejected"].student
    other = world["done"].student
    # Names no random factory gives the student or anything of theirs (a "Kelly Thomas" once met
    # a city or a partner called Thomas in the copy).
    for person, name in ((other, "Qwzother"), (world["staff"], "Qwzstaff")):
        person.last_name = name
        person.save(update_fields=["last_name"])
    participant = world["paid"].participant
    participant.last_name = "Qwzparticipant"
    participant.save(update_fields=["last_name"])
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:request_copy"))
    assert response.status_code == 302
    request = DataRequest.objects.get(account_id=student.pk)
    assert request.status == RequestStatus.READY and stored(request.file)
    # The email (outbox) says it is ready.
    assert Email.objects.filter(to__icontains=student.email, subject__icontains="copy").exists()

    response, content = download(client, request)
    assert response.status_code == 200
    archive, data = read_zip(content)
    assert data["account"]["email"] == student.email
    assert [a["id"] for a in data["applications"]] == [world["rejected"].pk]
    assert data["applications"][0]["documents"][0]["original_name"] == "passport.pdf"
    names = archive.namelist()
    assert any(n.endswith("passport.pdf") for n in names)
    assert archive.read(next(n for n in names if n.endswith("passport.pdf"))).startswith(b"%PDF")
    assert data["file_downloads_by_others"][0]["by"] == "IRO staff"
    # Nothing of anyone else: not the other student, not the staff member who downloaded the file.
    raw = content + b"".join(archive.read(n) for n in names)
    for person in (other, world["staff"], world["paid"].participant):
        assert person.email.encode() not in raw
        assert person.last_name.encode() not in archive.read("my-data.json")


def test_copy_of_a_participant_has_registrations_payments_certificate_and_emails(world, client):
    participant = world["paid"].participant
    request = services.request_copy(participant)
    services.build_copy(request.pk)
    request.refresh_from_db()
    client.force_login(participant)
    _response, content = download(client, request)
    archive, data = read_zip(content)
    registration = data["registrations"][0]
    assert registration["payments"][0]["bank_reference"] == "VIR-1"
    assert registration["certificate"]["code"] == world["certificate"].code
    assert any(e["subject"] for e in data["emails"])
    assert registration["cv"] in archive.namelist()
    assert registration["certificate"]["file"] in archive.namelist()
    # Receipts are rendered as on the registration page (not stored), and included.
    assert archive.read(registration["payments"][0]["receipt"]).startswith(b"%PDF")


def test_link_works_once_for_its_owner_and_expires(world, client):
    student = world["rejected"].student
    request = services.request_copy(student)
    services.build_copy(request.pk)
    request.refresh_from_db()
    path = request.file.name

    # Someone else: 404, and the link still works for its owner.
    client.force_login(world["done"].student)
    assert download(client, request)[0].status_code == 404
    client.force_login(student)
    assert download(client, request)[0].status_code == 200
    assert not request.file.storage.exists(path), "the copy is deleted once downloaded"
    assert download(client, request)[0].status_code == 404

    # A new copy, not downloaded within 7 days: expired, and the sweep deletes the file.
    second = services.request_copy(student)
    services.build_copy(second.pk, now=timezone.now() - datetime.timedelta(days=8))
    second.refresh_from_db()
    assert download(client, second)[0].status_code == 404
    run = services.apply_retention()
    assert run.counts["data_copies"] == 1
    assert not second.file.storage.exists(second.file.name)


def test_a_double_click_asks_once(world):
    student = world["rejected"].student
    assert services.request_copy(student).pk == services.request_copy(student).pk


def test_staff_have_no_personal_page(world, client):
    client.force_login(world["staff"])
    assert client.get(reverse("privacy:my_data")).status_code == 404


# --- Erasure --------------------------------------------------------------------------------------


def personal_text_fields():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField, models.EmailField, models.JSONField))
            and not f.is_relation
        ]
        if fields:
            yield model, fields


def where_is(needles):
    """Every (model, field) whose value contains one of `needles`, over the whole database."""
    found = []
    for model, fields in personal_text_fields():
        for row in model.objects.values("pk", *fields):
            for name in fields:
                value = str(row[name] or "")
                if any(n.lower() in value.lower() for n in needles):
                    found.append(f"{model._meta.label}.{name}#{row['pk']}")
    return found


def test_erasure_leaves_nothing_of_the_person_but_the_accounting_record(world, client, settings):
    staff = world["staff"]
    participant = world["paid"].participant
    # The same person also applied for an exchange (rejected), and staff named them in a comment.
    application = decide(under_review(staff, student=participant), Status.REJECTED, staff=staff)
    ApplicationTransition.objects.filter(application=application, to_state=Status.REJECTED).update(
        comment=f"Discussed with {participant.get_full_name()} on the phone."
    )
    # ... and on someone else's application.
    ApplicationTransition.objects.filter(application=world["rejected"], to_state=Status.REJECTED).update(
        comment=f"Same situation as {participant.get_full_name()} last year."
    )
    document = add_document(application)
    FileAccess.objects.create(
        user=staff,
        user_email=staff.email,
        owner=participant,
        owner_email=participant.email,
        kind="cv",
        file_name=f"cv-{participant.last_name}.pdf",
    )
    # The school is over (nothing ongoing).
    Registration.objects.filter(offering=world["school"]).update(state="completed")
    needles = [participant.email, participant.get_full_name(), participant.last_name]
    assert where_is(needles)

    client.force_login(participant)
    page = client.get(reverse("privacy:my_data"))
    assert b"accounting" in page.content  # what is kept, and why, before asking
    client.post(reverse("privacy:request_erasure"), {"confirm": "on"})
    request = DataRequest.objects.get(kind="erasure")
    services.confirm_erasure(request, staff)

    left = where_is(needles)
    assert all(place.startswith("privacy.AccountingRecord.") for place in left), left
    record = AccountingRecord.objects.get()
    assert record.payer_name == participant.get_full_name() and "Berlin" in record.payer_address
    assert Payment.objects.filter(pk=world["payment"].pk).exists(), "invoices stay"
    assert not stored(document.file) and not stored(world["paid"].cv) and not stored(world["certificate"].pdf)
    assert not Email.objects.filter(to__icontains=participant.email).exists()
    # Their own history keeps its states without comments; elsewhere their name is replaced.
    assert ApplicationTransition.objects.get(application=application, to_state="rejected").comment == ""
    other = ApplicationTransition.objects.get(application=world["rejected"], to_state="rejected").comment
    assert other == "Same situation as [erased] last year."
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.user is None
    assert not type(participant).objects.get(pk=participant.pk).is_active


def test_erasure_refused_while_something_is_ongoing_or_held(world):
    student = StudentFactory()
    application = under_review(world["staff"], student=student)
    request = services.request_erasure(student)
    with pytest.raises(services.ErasureBlocked) as blocked:
        services.confirm_erasure(request, world["staff"])
    assert "being processed" in str(blocked.value)
    mobility_services.transition(application, Status.WITHDRAWN, by=student, notify=False)
    hold = LegalHold.objects.create(user=student, reason="Dispute", set_by=world["staff"])
    with pytest.raises(services.ErasureBlocked):
        services.confirm_erasure(request, world["staff"])
    services.lift_hold(hold)
    services.confirm_erasure(request, world["staff"])
    assert not type(student).objects.filter(email=student.email).exists()


def test_erasure_keeps_key_figures(world, client):
    from .conftest import key_figures

    before = key_figures(client)
    done = world["done"]
    record = MobilityRecord.objects.get(application=done)
    MobilityRecord.objects.filter(pk=record.pk).update(end_date=world["today"] - datetime.timedelta(days=1))
    request = services.request_erasure(done.student)
    services.confirm_erasure(request, world["staff"])
    record.refresh_from_db()
    assert record.student_name == "[erased]"
    assert key_figures(client) == before
