"""Private files in an S3-compatible bucket (moto's server over real HTTP, tests/moto_server.py).

The portal's own views and services write and read the bucket exactly as they do the local folder:
an upload through the student's page, a download through the permission check (404 for anyone
else), a certificate PDF rendered by a real Celery worker, the copy of a one-machine portal's
files. The bucket is never readable without credentials and no URL the portal builds points at it.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from core.storage import PrivateS3Storage, PrivateStorage
from mobility.models import ApplicationDocument
from summerschool import services as summerschool_services
from summerschool.models import Certificate, CertificateRun, State
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory, pdf_file
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory

from .. import moto_server as s3

moto_server = s3.moto_server  # the fixtures, for this module
bucket_storage = s3.bucket_storage

ROOT = Path(__file__).resolve().parents[2]


def object_in_bucket(server, storage, name):
    """The object's head as the bucket reports it (None when absent), read with boto3 directly."""
    from botocore.exceptions import ClientError

    try:
        return server.client().head_object(Bucket=storage.bucket_name, Key=name)
    except ClientError:
        return None


def anonymous_get(server, storage, name):
    try:
        with urllib.request.urlopen(f"{server.endpoint_url}/{storage.bucket_name}/{name}", timeout=5) as r:  # noqa: S310
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_bucket_settings_choose_the_storage_and_without_them_the_folder_stays(settings):
    assert settings.STORAGES["default"]["BACKEND"] == "core.storage.PrivateStorage"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; {code}",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1", "AWS_STORAGE_BUCKET_NAME": "iro-files"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "core.storage.PrivateS3Storage", run.stderr


@pytest.mark.django_db
def test_upload_goes_to_the_private_bucket_and_only_those_allowed_get_it(
    client, bucket_storage, moto_server, settings
):
    requirement = DocumentRequirementFactory(name="Passport")
    application = ApplicationFactory(call=requirement.call)
    client.force_login(application.student)
    response = client.post(
        reverse("mobility:upload", args=[application.pk, requirement.pk]), {"file": pdf_file("passport.pdf")}
    )
    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=application)
    name = document.file.name

    head = object_in_bucket(moto_server, bucket_storage, name)
    assert head is not None and head["ContentLength"] == document.file.size
    assert not Path(settings.PRIVATE_MEDIA_ROOT).exists()  # nothing went to the local folder
    grants = moto_server.client().get_object_acl(Bucket=bucket_storage.bucket_name, Key=name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"] and "URI" not in grants[0]["Grantee"]
    assert anonymous_get(moto_server, bucket_storage, name) == 403
    assert moto_server.endpoint_url not in document.file.url  # the staff-only view, not the bucket
    assert document.file.url.startswith("/files/staff/")

    url = reverse("mobility:document_file", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert body == pdf_file().read()

    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404

    client.force_login(StaffFactory())  # the admin's file link, through the staff view
    response = client.get(document.file.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == body


@pytest.mark.django_db
def test_a_file_missing_from_the_bucket_answers_404(client, bucket_storage):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call)
    client.force_login(application.student)
    client.post(reverse("mobility:upload", args=[application.pk, requirement.pk]), {"file": pdf_file()})
    document = ApplicationDocument.objects.get(application=application)
    bucket_storage.delete(document.file.name)
    assert client.get(reverse("mobility:document_file", args=[document.pk])).status_code == 404


def test_a_second_file_of_the_same_name_never_replaces_the_first(bucket_storage):
    first = bucket_storage.save("letters/A-1.pdf", ContentFile(b"%PDF-1.4 first"))
    second = bucket_storage.save("letters/A-1.pdf", ContentFile(b"%PDF-1.4 second"))
    assert first == "letters/A-1.pdf" and second != first
    with bucket_storage.open(first) as fh:
        assert fh.read() == b"%PDF-1.4 first"


@pytest.mark.worker
def test_a_worker_renders_certificates_into_the_bucket(celery_worker, bucket_storage, moto_server, client):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(2)]
    with transaction.atomic():
        [run] = summerschool_services.mark_completed(regs, by=StaffFactory())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not CertificateRun.objects.get(pk=run.pk).finished_at:
        time.sleep(0.2)
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.done, run.failed) == (2, 0)
    for registration in regs:
        certificate = Certificate.objects.get(registration=registration)
        assert object_in_bucket(moto_server, bucket_storage, certificate.pdf.name) is not None
        client.force_login(registration.participant)
        response = client.get(reverse("summerschool:certificate", args=[registration.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_copy_command_copies_once_and_skips_what_is_already_there(bucket_storage, moto_server, settings):
    local = PrivateStorage(location=settings.PRIVATE_MEDIA_ROOT)
    local.save("mobility/documents/1/passport.pdf", ContentFile(b"%PDF-1.4 passport"))
    local.save("summerschool/certificates/abc.pdf", ContentFile(b"%PDF-1.4 certificate"))
    local.save("agreements/2026/signed.pdf", ContentFile(b"%PDF-1.4 signed"))
    # Already in the bucket: one identical (skipped), one with other content of the same size (copied).
    bucket_storage._save("agreements/2026/signed.pdf", ContentFile(b"%PDF-1.4 signed"))
    bucket_storage._save("summerschool/certificates/abc.pdf", ContentFile(b"%PDF-1.4 certificatX"))

    out = StringIO()
    call_command("copy_files_to_bucket", stdout=out)
    assert "2 file(s) copied, 1 already in" in out.getvalue()
    for name, content in [
        ("mobility/documents/1/passport.pdf", b"%PDF-1.4 passport"),
        ("summerschool/certificates/abc.pdf", b"%PDF-1.4 certificate"),
    ]:
        with bucket_storage.open(name) as fh:  # the exact name: the database points at it
            assert fh.read() == content
    grants = moto_server.client().get_object_acl(
        Bucket=bucket_storage.bucket_name, Key="mobility/documents/1/passport.pdf"
    )["Grants"]
    assert all("URI" not in g["Grantee"] for g in grants)

    again = StringIO()
    call_command("copy_files_to_bucket", stdout=again)
    assert "0 file(s) copied, 3 already in" in again.getvalue()
    assert list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))  # nothing local is deleted


def test_the_copy_command_refuses_without_a_bucket(settings, tmp_path):
    assert not isinstance(PrivateStorage(), PrivateS3Storage)
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("copy_files_to_bucket", source=str(tmp_path))


def test_the_copy_command_speaks_english_like_the_other_commands(settings, tmp_path):
    """`manage.py help copy_files_to_bucket` and its refusals were French, every other command English."""
    from core.management.commands.copy_files_to_bucket import Command

    assert Command.help.startswith("Copy the private files of the local folder")
    parser = Command().create_parser("manage.py", "copy_files_to_bucket")
    assert "Say what would be copied, without copying." in parser.format_help()
    with pytest.raises(CommandError, match="The default storage is not a bucket"):
        call_command("copy_files_to_bucket", source=str(tmp_path))
