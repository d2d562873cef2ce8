"""Issue 12: every download of a person's file by someone else is recorded; superusers read the trail."""

import pytest
from django.core import signing
from django.urls import reverse

from core.models import FileAccess, FileKind
from mobility import services
from tests.factories import StaffFactory, UserFactory
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory, pdf_file
from tests.summerschool.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport():
    application = ApplicationFactory()
    requirement = DocumentRequirementFactory(call=application.call, name="Passport")
    return services.upload_document(
        application, requirement, pdf_file("passport.pdf"), by=application.student
    )


def test_staff_downloading_a_students_passport_is_recorded_once(client, passport):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(reverse("mobility:document_file", args=[passport.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    access = FileAccess.objects.get()
    assert (access.user, access.owner, access.kind) == (
        staff,
        passport.application.student,
        "application_document",
    )
    assert (access.object_type, access.object_id) == ("mobility.applicationdocument", str(passport.pk))
    assert (access.file_name, access.ip_address) == ("passport.pdf", "10.1.2.3")


def test_the_student_downloading_their_own_passport_is_not_recorded(client, passport):
    client.force_login(passport.application.student)
    assert client.get(reverse("mobility:document_file", args=[passport.pk])).status_code == 200
    assert not FileAccess.objects.exists()


def test_a_refused_download_is_not_recorded(client, passport):
    client.force_login(UserFactory())
    assert client.get(reverse("mobility:document_file", args=[passport.pk])).status_code == 404
    assert not FileAccess.objects.exists()


def test_cvs_receipts_and_files_opened_from_the_admin_are_recorded(client, monkeypatch):
    monkeypatch.setattr("summerschool.services.receipt_pdf", lambda payment: b"%PDF-1.4\n%%EOF\n")
    registration = RegistrationFactory()
    payment = registration.payments.create(amount=10, paid_on="2026-01-05", bank_reference="VIR-9")
    staff = StaffFactory()
    client.force_login(registration.participant)
    client.get(reverse("summerschool:cv", args=[registration.pk]))
    assert not FileAccess.objects.exists()
    client.force_login(staff)
    assert client.get(reverse("summerschool:cv", args=[registration.pk])).status_code == 200
    assert client.get(reverse("summerschool:receipt", args=[registration.pk, payment.pk])).status_code == 200
    token = signing.dumps(registration.cv.name, salt="core.private-file")
    assert client.get(reverse("core:staff_file", args=[token])).status_code == 200
    kinds = list(FileAccess.objects.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [FileKind.CV, FileKind.RECEIPT, FileKind.BACK_OFFICE_FILE]
    assert all(a.user == staff for a in FileAccess.objects.all())


def test_only_superusers_read_the_trail_in_the_admin_and_nobody_edits_it(client, passport):
    staff = StaffFactory()
    client.force_login(staff)
    client.get(reverse("mobility:document_file", args=[passport.pk]))
    access = FileAccess.objects.get()
    changelist = reverse("admin:core_fileaccess_changelist")
    assert client.get(changelist).status_code == 403
    assert client.get(reverse("admin:core_fileaccess_change", args=[access.pk])).status_code == 403
    superuser = UserFactory(is_staff=True, is_superuser=True, role="staff")
    client.force_login(superuser)
    page = client.get(changelist, {"q": staff.email})
    assert page.status_code == 200 and "passport.pdf" in page.content.decode()
    assert client.get(changelist, {"user__id__exact": staff.pk}).status_code == 200
    change = client.get(reverse("admin:core_fileaccess_change", args=[access.pk])).content.decode()
    assert 'name="file_name"' not in change  # read-only
    assert client.get(reverse("admin:core_fileaccess_add")).status_code == 403
    assert (
        client.post(reverse("admin:core_fileaccess_delete", args=[access.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert FileAccess.objects.count() == 1
