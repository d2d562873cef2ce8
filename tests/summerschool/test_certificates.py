"""Certificates of completion: the PDF, its QR code, one code per registration, verification."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from summerschool import services
from summerschool.models import Certificate, CertificateRun, State
from summerschool.views import VERIFY_MISSES_ALLOWED
from tests.factories import StaffFactory, StudentFactory

from .factories import RegistrationFactory, SummerSchoolFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def qr_modules_in_pdf(data: bytes, tmp_path: Path):
    """The QR code's modules, read back from the image embedded in the PDF (4 pixels a module)."""
    path = tmp_path / "cert.pdf"
    path.write_bytes(data)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True)
    images = sorted(tmp_path.glob("img-*.png"))
    assert images, "the certificate embeds no image"
    img = Image.open(images[0]).convert("L")
    size = img.width // 4
    return [[img.getpixel((x * 4 + 2, y * 4 + 2)) < 128 for x in range(size)] for y in range(size)]


@pytest.fixture
def completed(django_capture_on_commit_callbacks):
    person = StudentFactory(first_name="Ada", last_name="Lovelace")
    school = SummerSchoolFactory(
        title="Hands-on Training in Clinical Medicine and Emergencies",
        extra_certification="AFGSU 2 life-support diploma",
    )
    registration = RegistrationFactory(offering=school, participant=person, state=State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        runs = services.mark_completed([registration], StaffFactory())
    registration.refresh_from_db()
    return registration, runs


def test_completion_issues_a_certificate_with_name_school_ects_and_afgsu(completed, tmp_path, mailoutbox):
    registration, runs = completed
    assert registration.state == State.COMPLETED and registration.attended is True
    certificate = registration.certificate
    text = " ".join(pdf_text(certificate.pdf.read(), tmp_path).split())
    assert "Ada Lovelace" in text
    assert "Hands-on Training in Clinical Medicine and Emergencies" in text
    assert "5 ECTS" in text
    assert "AFGSU 2" in text
    assert certificate.code in text
    [mail] = [m for m in mailoutbox if "certificate" in m.subject.lower()]
    assert mail.to == [registration.participant.email]
    assert mail.attachments[0][0].endswith(".pdf") and mail.attachments[0][1].startswith(b"%PDF")
    [run] = runs
    run.refresh_from_db()
    assert (run.total, run.done, run.failed) == (1, 1, 0) and run.finished_at is not None


def test_the_qr_code_encodes_the_verification_url(completed, tmp_path, settings):
    registration, _runs = completed
    certificate = registration.certificate
    assert certificate.verify_url == f"{settings.SITE_URL}/certificates/verify/{certificate.code}/"
    expected = [[bool(v) for v in row] for row in services.certificate_qr(certificate.verify_url).matrix]
    assert qr_modules_in_pdf(certificate.pdf.read(), tmp_path) == expected
    other = [[bool(v) for v in row] for row in services.certificate_qr(certificate.verify_url + "x").matrix]
    assert expected != other


def test_running_again_keeps_the_code_and_does_not_email_twice(
    completed, django_capture_on_commit_callbacks, mailoutbox
):
    registration, _runs = completed
    code = registration.certificate.code
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_certificate_run(registration.offering, StaffFactory())
    run.refresh_from_db()
    assert (run.total, run.done) == (1, 1)
    assert Certificate.objects.filter(registration=registration).count() == 1
    assert Certificate.objects.get(registration=registration).code == code
    assert len(mailoutbox) == sent


def test_only_completed_registrations_get_a_certificate():
    registration = RegistrationFactory(state=State.CONFIRMED)
    with pytest.raises(services.RegistrationError):
        services.issue_certificate(registration.pk)
    assert not Certificate.objects.exists()


def test_codes_are_long_and_unguessable():
    codes = {Certificate(registration_id=1).code for _ in range(50)}
    assert len(codes) == 50 and all(len(c) >= 20 for c in codes)


def test_verification_page_shows_holder_school_dates_ects(completed, client):
    registration, _runs = completed
    response = client.get(reverse("summerschool:verify_certificate", args=[registration.certificate.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "genuine" in body and "Ada Lovelace" in body
    assert registration.offering.title in body
    assert registration.offering.starts_on.strftime("%Y") in body


def test_a_made_up_code_is_not_verified(client, completed):
    response = client.get(reverse("summerschool:verify_certificate", args=["made-up-code-123"]))
    assert response.status_code == 404
    assert "There is no certificate with this code." in response.content.decode()
    assert "Ada Lovelace" not in response.content.decode()


def test_guessing_codes_is_rate_limited_per_ip(client, completed):
    registration, _runs = completed
    for i in range(VERIFY_MISSES_ALLOWED):
        assert client.get(f"/certificates/verify/guess-{i}/").status_code == 404
    response = client.get("/certificates/verify/guess-x/")
    assert response.status_code == 429
    assert "Too many unknown codes" in response.content.decode()
    # Even a genuine code waits: the limit is per connection, not per code.
    assert client.get(registration.certificate.verify_path).status_code == 429
    # Another address is not affected.
    assert client.get(registration.certificate.verify_path, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_run_progress_is_for_staff_only(client, completed):
    _registration, runs = completed
    url = reverse("summerschool:certificate_run_status", args=[runs[0].pk])
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 302
    client.force_login(StaffFactory())
    data = client.get(url).json()
    assert data["done"] == 1 and data["total"] == 1 and data["finished"] is True


def test_bulk_run_for_a_whole_school_counts_progress(django_capture_on_commit_callbacks):
    school = SummerSchoolFactory()
    regs = [RegistrationFactory(offering=school, state=State.COMPLETED) for _ in range(3)]
    RegistrationFactory(offering=school, state=State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_certificate_run(school, StaffFactory())
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.total, run.done, run.failed, run.percent) == (3, 3, 0, 100)
    assert Certificate.objects.filter(registration__in=regs).count() == 3


def test_behind_a_proxy_the_limit_counts_each_visitor(client, completed, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    registration, _runs = completed
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(VERIFY_MISSES_ALLOWED + 1):
        client.get(f"/certificates/verify/guess-{i}/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    guesser = client.get(registration.certificate.verify_path, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert guesser.status_code == 429
    # Everybody else comes through the same proxy and is not blocked by the guesser.
    other = client.get(registration.certificate.verify_path, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 200
