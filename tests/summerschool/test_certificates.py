"""Certificates of completion: the PDF, its QR code, one code per registration, verification."""

import datetime
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from summerschool import services
from summerschool.models import Certificate, CertificateRun, Payment, RegistrationTransition, State
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
        finished=True,
    )
    registration = RegistrationFactory(offering=school, participant=person, state=State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        runs = services.mark_completed([registration], by=StaffFactory())
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
        run = services.start_certificate_run(registration.offering, by=StaffFactory())
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
    assert client.get(url).status_code == 404  # summer-school data: IRO staff only (summerschool/rules.py)
    client.force_login(StaffFactory())
    data = client.get(url).json()
    assert data["done"] == 1 and data["total"] == 1 and data["finished"] is True


def test_bulk_run_for_a_whole_school_counts_progress(django_capture_on_commit_callbacks):
    school = SummerSchoolFactory()
    regs = [RegistrationFactory(offering=school, state=State.COMPLETED) for _ in range(3)]
    RegistrationFactory(offering=school, state=State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_certificate_run(school, by=StaffFactory())
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


# --- PDF failures, retries, redelivery and the sweep ------------------------------------------


@pytest.fixture
def static_files_missing(monkeypatch):
    """Every static file of a PDF is missing (as when the manifest and the fetcher disagreed)."""
    monkeypatch.setattr("core.pdf.static_asset_path", lambda name: None)


def test_a_receipt_that_cannot_be_rendered_gives_a_clear_page_not_a_500(client, static_files_missing, caplog):
    registration = RegistrationFactory(state=State.CONFIRMED)
    payment = Payment.objects.create(
        registration=registration,
        amount=Decimal("100"),
        paid_on=datetime.date(2026, 5, 4),
        bank_reference="B-1",
    )
    client.force_login(registration.participant)
    url = reverse("summerschool:receipt", args=[registration.pk, payment.pk])
    response = client.get(url)
    assert response.status_code == 503
    page = response.content.decode()
    assert 'data-testid="pdf-unavailable"' in page
    assert "could not produce your payment receipt" in page and "Nothing is lost" in page
    assert registration.get_absolute_url() in page
    assert f"Payment {payment.pk} of registration {registration.pk} could not be rendered" in caplog.text

    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Rien n’est perdu" in page


def test_a_bulk_run_whose_pdfs_fail_finishes_with_the_failures_counted(
    django_capture_on_commit_callbacks, static_files_missing, mailoutbox, client
):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(3)]
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        [run] = services.mark_completed(regs, by=staff)  # each task retried, then recorded as failed
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.total, run.done, run.failed, run.percent) == (3, 0, 3, 100)
    assert run.finished_at is not None
    assert not Certificate.objects.filter(registration__in=regs).exclude(pdf="").exists()
    assert mailoutbox == []
    assert all("not found for a PDF" in item.error for item in run.items.all())

    # Staff see the failures, by participant, on the progress page.
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("admin:summerschool_certificaterun_progress", args=[run.pk])).content.decode()
    assert 'data-testid="run-failures"' in page
    assert regs[0].participant.display_name in page
    status = client.get(reverse("summerschool:certificate_run_status", args=[run.pk])).json()
    assert (status["done"], status["failed"], status["finished"]) == (0, 3, True)
    assert (status["done_percent"], status["failed_percent"]) == (0, 100), "the bar is all red"


def test_the_certificate_task_is_retried_before_the_failure_is_recorded(
    django_capture_on_commit_callbacks, monkeypatch, mailoutbox
):
    from core.pdf import PDFError

    real, attempts = services.render_certificate, []

    def flaky(certificate):
        attempts.append(certificate.pk)
        if len(attempts) < 3:
            raise PDFError("the letterhead could not be read")
        return real(certificate)

    monkeypatch.setattr(services.certificates, "render_certificate", flaky)
    registration = RegistrationFactory(state=State.CONFIRMED, offering__finished=True)
    with django_capture_on_commit_callbacks(execute=True):
        [run] = services.mark_completed([registration], by=StaffFactory())
    run = CertificateRun.objects.get(pk=run.pk)
    assert len(attempts) == 3
    assert (run.done, run.failed, run.finished_at is not None) == (1, 0, True)
    assert len(mailoutbox) == 1


def test_a_task_delivered_twice_counts_once(django_capture_on_commit_callbacks, mailoutbox):
    from summerschool.tasks import issue_certificate_task

    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        [run] = services.mark_completed(regs, by=StaffFactory())
    for _ in range(3):  # Redis redelivering a killed worker's task, the sweep, a double click
        with django_capture_on_commit_callbacks(execute=True):
            issue_certificate_task.delay(regs[0].pk, run.pk)
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.total, run.done, run.failed, run.percent) == (2, 2, 0, 100)
    assert Certificate.objects.filter(registration__in=regs).count() == 2
    assert len(mailoutbox) == 2


def test_the_sweep_dispatches_again_the_certificates_whose_task_was_lost(
    django_capture_on_commit_callbacks, mailoutbox
):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(3)]
    started = timezone.now()
    [run] = services.mark_completed(regs, by=StaffFactory(), now=started)  # tasks never sent: lost
    assert CertificateRun.objects.get(pk=run.pk).done == 0

    # Too early: the tasks may still be queued behind others.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_certificates(now=started + datetime.timedelta(minutes=2)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_certificates(now=timezone.now() + datetime.timedelta(minutes=11)) == 3
    run = CertificateRun.objects.get(pk=run.pk)
    assert (run.done, run.failed, run.finished_at is not None) == (3, 0, True)
    assert len(mailoutbox) == 3
    # Nothing left to do: the sweep again dispatches nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_certificates(now=timezone.now() + datetime.timedelta(hours=3)) == 0
    assert len(mailoutbox) == 3 and Certificate.objects.count() == 3


def test_the_sweep_gives_a_completed_participant_without_a_run_their_certificate(
    django_capture_on_commit_callbacks, mailoutbox
):
    registration = RegistrationFactory(state=State.COMPLETED)
    RegistrationTransition.objects.create(
        registration=registration, from_state=State.CONFIRMED, to_state=State.COMPLETED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_certificates(now=timezone.now() + datetime.timedelta(minutes=11)) == 1
    run = CertificateRun.objects.get()
    assert run.started_by is None and (run.total, run.done) == (1, 1)
    assert Certificate.objects.get(registration=registration).emailed_at is not None
    assert len(mailoutbox) == 1


def test_the_sweep_is_scheduled_every_five_minutes():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="summerschool.sweep_certificates")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")


def test_completion_before_the_last_day_is_refused_and_nothing_changes(mailoutbox):
    school = SummerSchoolFactory(title="AI in Medicine 2027")
    registration = RegistrationFactory(offering=school, state=State.CONFIRMED)
    with pytest.raises(services.RegistrationError, match="AI in Medicine 2027"):
        services.mark_completed([registration], by=StaffFactory())
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED
    assert not CertificateRun.objects.exists() and not mailoutbox


def test_completion_on_the_last_day_is_allowed_and_the_certificate_is_dated_that_day(
    django_capture_on_commit_callbacks,
):
    last_day = SummerSchoolFactory().ends_on
    registration = RegistrationFactory(state=State.CONFIRMED, offering__ends_on=last_day)
    completion = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(17)))
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_completed([registration], by=StaffFactory(), now=completion)
    registration.refresh_from_db()
    assert registration.state == State.COMPLETED
    assert timezone.localdate(registration.certificate.issued_at) == last_day


def test_a_verification_without_a_code_opens_on_the_error_summary_linked_to_the_field(client):
    response = client.get(reverse("summerschool:verify_form"), {"code": "   "})
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_code"' in page and 'id="id_code"' in page
    assert "Verification code: This field is required." in page
    assert "data-error-summary" not in client.get(reverse("summerschool:verify_form")).content.decode()
