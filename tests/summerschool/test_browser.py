"""The whole journey in a real browser: register, accepted, paid, completed, certificate, verified."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from summerschool import services
from summerschool.models import Registration, State, SummerSchool
from tests.conftest import login_as
from tests.factories import InstitutionFactory, NetworkFactory, StaffFactory, StudentFactory

from .factories import PDF_BYTES, SummerSchoolFactory
from .test_certificates import qr_modules_in_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_registration(page, institution_label=None, institution_name=None):
    if institution_label:
        page.select_option("#id_institution", label=institution_label)
    if institution_name:
        page.fill("#id_institution_name", institution_name)
    page.fill("#id_field_of_study", "Medicine")
    page.select_option("#id_level_of_study", "graduate")
    page.fill("#id_motivation", "Emergency medicine is what I want to practise.")
    page.fill("#id_address", "Hauptstraße 1\n69117 Heidelberg\nGermany")
    page.set_input_files(
        "#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )


def test_register_pay_complete_download_and_verify_the_certificate(page, screenshot, settings, tmp_path):
    settings.SITE_URL = page.live_server_url
    SummerSchoolFactory(
        title="Hands-on Training in Clinical Medicine and Emergencies",
        slug="hands-on",
        fee=Decimal("3100"),
        capacity=24,
        extra_certification="AFGSU 2 life-support diploma",
    )
    student = StudentFactory(first_name="Jonas", last_name="Becker")
    staff = StaffFactory()
    base = page.live_server_url

    # The catalogue and the school's page, then the registration form.
    page.goto(f"{base}/summer-schools/")
    screenshot(page, "summerschool-list")
    page.get_by_role("link", name="Hands-on Training in Clinical Medicine and Emergencies").click()
    assert "24 seats left" in page.get_by_test_id("seats").inner_text()
    screenshot(page, "summerschool-detail")
    login_as(page, student)
    page.goto(f"{base}/summer-schools/hands-on/register/")
    assert page.get_by_test_id("fee-preview").inner_text() == "€3,100"
    fill_registration(page, institution_name="Universität Heidelberg")
    screenshot(page, "summerschool-register")
    page.get_by_role("button", name="Submit my registration").click()

    # Accepted, awaiting payment with a due date.
    assert page.get_by_test_id("state").inner_text() == "Accepted — awaiting payment"
    assert "€3,100.00" in page.get_by_test_id("payment-due").inner_text()
    screenshot(page, "summerschool-registration-accepted")
    registration = Registration.objects.get(participant=student)

    # Staff record the bank transfer in the admin.
    login_as(page, staff)
    page.goto(f"{base}/admin/summerschool/registration/{registration.pk}/change/")
    screenshot(page, "summerschool-admin-registration")
    page.get_by_role("link", name="Record a payment").click()
    assert page.input_value("#id_amount") == "3100.00"
    page.fill("#id_bank_reference", "VIR-2026-0042")
    screenshot(page, "summerschool-admin-payment")
    page.click("input[name=_save]")
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED
    assert registration.payments.get().bank_reference == "VIR-2026-0042"

    # Completing before the school's last day is refused, with the reason.
    page.goto(f"{base}/admin/summerschool/registration/")
    screenshot(page, "summerschool-admin-registrations")
    page.check(f"input[name=_selected_action][value='{registration.pk}']")
    page.select_option("select[name=action]", "mark_completed")
    page.click("button[name=index]")
    assert "Nobody was marked completed" in page.locator(".messagelist").inner_text()
    screenshot(page, "summerschool-admin-completion-too-early")
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED

    # Once the school is over, staff mark the participant completed; the run's progress page follows.
    today = timezone.localdate()
    SummerSchool.objects.filter(slug="hands-on").update(
        starts_on=today - datetime.timedelta(days=11), ends_on=today
    )
    page.goto(f"{base}/admin/summerschool/registration/")
    page.check(f"input[name=_selected_action][value='{registration.pk}']")
    page.select_option("select[name=action]", "mark_completed")
    page.click("button[name=index]")
    assert page.get_by_test_id("run-done").inner_text() == "1"
    assert page.get_by_test_id("run-state").inner_text() == "Finished."
    screenshot(page, "summerschool-admin-run-progress")

    # The participant downloads the receipt and the certificate.
    login_as(page, student)
    page.goto(f"{base}{registration.get_absolute_url()}")
    screenshot(page, "summerschool-registration-completed")
    receipt = page.request.get(base + page.get_by_test_id("receipt").get_attribute("href"))
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    response = page.request.get(base + page.get_by_test_id("certificate").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Jonas Becker" in text and "5 ECTS" in text and "AFGSU 2" in text
    url = re.search(r"https?://\S+/certificates/verify/[\w-]+/", text).group(0)
    assert url.startswith(base)

    # The QR code encodes exactly the printed URL, and that URL verifies the certificate.
    from summerschool.services import certificate_qr

    expected = [[bool(v) for v in row] for row in certificate_qr(url).matrix]
    assert qr_modules_in_pdf(pdf, tmp_path) == expected
    page.context.clear_cookies()
    page.goto(url)
    assert "genuine" in page.get_by_test_id("verified").inner_text()
    assert page.get_by_test_id("holder").inner_text() == "Jonas Becker"
    screenshot(page, "summerschool-verify-ok")
    page.goto(f"{base}/certificates/verify/not-a-real-code/")
    assert "no certificate with this code" in page.get_by_test_id("not-verified").inner_text()
    screenshot(page, "summerschool-verify-unknown")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_circle_u_waiver_is_pending_until_proven_with_a_code(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    circle = NetworkFactory(name="Circle U.", slug="circle-u")
    oslo = InstitutionFactory(name="University of Oslo", country="NO", city="Oslo", email_domains="uio.no")
    InstitutionFactory(name="Universität Heidelberg")
    circle.members.add(oslo)
    school = SummerSchoolFactory(title="Rethinking Global Health", slug="global-health", fee=Decimal("450"))
    school.waiver_networks.add(circle)
    [code] = services.generate_waiver_codes(
        network=circle,
        count=1,
        max_uses=1,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        issued_to="Circle U. office",
        by=StaffFactory(),
    )
    student = StudentFactory()  # a personal address: no proof of membership
    login_as(page, student)

    page.goto(f"{page.live_server_url}/summer-schools/global-health/")
    assert "Circle U." in page.content()
    page.get_by_test_id("register").click()
    assert page.get_by_test_id("fee-preview").inner_text() == "€450"
    fill_registration(page, institution_label="University of Oslo")
    # Picking a member university proves nothing: the preview says what will be charged.
    assert page.get_by_test_id("fee-preview").inner_text() == "€450"
    assert "waiver pending" in page.locator("#fee-reason").inner_text()
    screenshot(page, f"summerschool-register-circle-u-pending-{width}")
    page.get_by_role("button", name="Submit my registration").click()

    assert page.get_by_test_id("state").inner_text() == "Accepted — awaiting payment"
    assert "Fee waiver pending" in page.get_by_test_id("waiver-pending").inner_text()
    screenshot(page, f"summerschool-registration-waiver-pending-{width}")
    page.fill("#id_waiver_code", "WRONG-CODE")
    page.get_by_test_id("use-code").click()
    assert "unknown" in page.locator(".alert-danger, .alert-error").first.inner_text()
    page.fill("#id_waiver_code", code.code.lower())
    page.get_by_test_id("use-code").click()

    assert page.get_by_test_id("state").inner_text() == "Confirmed"
    assert "No fee is due" in page.content() and "Circle U." in page.content()
    screenshot(page, f"summerschool-registration-free-{width}")
    registration = Registration.objects.get(participant=student)
    assert (registration.state, registration.fee, registration.payments.count()) == (State.CONFIRMED, 0, 0)


def test_a_member_with_a_verified_university_address_sees_and_pays_nothing(page, screenshot):
    circle = NetworkFactory(name="Circle U.", slug="circle-u")
    oslo = InstitutionFactory(name="University of Oslo", country="NO", city="Oslo", email_domains="uio.no")
    circle.members.add(oslo)
    school = SummerSchoolFactory(title="Rethinking Global Health", slug="global-health", fee=Decimal("450"))
    school.waiver_networks.add(circle)
    student = StudentFactory(email="kari@uio.no")
    assert EmailAddress.objects.filter(user=student, email="kari@uio.no", verified=True).exists()
    login_as(page, student)
    page.goto(f"{page.live_server_url}/summer-schools/global-health/register/")
    fill_registration(page, institution_label="University of Oslo")
    assert page.get_by_test_id("fee-preview").inner_text() == "€0"
    screenshot(page, "summerschool-register-circle-u")
    page.get_by_role("button", name="Submit my registration").click()
    assert page.get_by_test_id("state").inner_text() == "Confirmed"
    registration = Registration.objects.get(participant=student)
    assert [t.to_state for t in registration.transitions.all()] == [State.SUBMITTED, State.CONFIRMED]


def test_waitlisted_participant_sees_position_and_accepts_an_offer(page, screenshot):
    school = SummerSchoolFactory(slug="full", capacity=1)

    from .factories import cv_file, registration_data

    holder = services.register(school, StudentFactory(), data=registration_data(), cv=cv_file())
    waiting = StudentFactory()
    login_as(page, waiting)
    page.goto(f"{page.live_server_url}/summer-schools/full/")
    assert "Full" in page.get_by_test_id("seats").inner_text()
    page.get_by_test_id("register").click()
    fill_registration(page, institution_name="Aarhus University")
    page.get_by_role("button", name="Submit my registration").click()
    assert page.get_by_test_id("position").inner_text() == "You are number 1 on the waiting list."
    screenshot(page, "summerschool-registration-waitlisted")

    services.cancel(holder, by=holder.participant)
    page.reload()
    assert page.get_by_test_id("state").inner_text() == "Seat offered"
    screenshot(page, "summerschool-registration-offered")
    page.get_by_test_id("accept-offer").click()
    assert page.get_by_test_id("state").inner_text() == "Accepted — awaiting payment"
    page.goto(f"{page.live_server_url}/summer-schools/my-registrations/")
    screenshot(page, "summerschool-my-registrations")
