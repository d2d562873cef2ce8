"""The whole story after acceptance in a real browser: the student drafts and signs the learning
agreement, IRO staff and the host's coordinator sign, the coordinator confirms the arrival, the
student uploads the Transcript of Records, staff record recognition and pay both instalments, the
Beneficiary Module export lists the mobility; the student's page at 390 px."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from core.templatetags.lang import money
from learning.models import AgreementVersion, GrantPayment, VersionStatus
from mobility.models import MobilityRecord, Status
from tests.conftest import login_as
from tests.factories import StaffFactory
from tests.mobility.factories import PDF_BYTES

from .factories import grant_rates, outgoing_mobility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(page, user, width=1280):
    context = page.context.browser.new_context(
        locale="en-GB", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    other = context.new_page()
    other.live_server_url = page.live_server_url
    login_as(other, user)
    return other


def _fill_row(page, table, i, code, title, semester, ects):
    page.locator(f"#id_table{table}-{i}-code").fill(code)
    page.locator(f"#id_table{table}-{i}-title").fill(title)
    page.locator(f"#id_table{table}-{i}-semester").fill(semester)
    page.locator(f"#id_table{table}-{i}-ects").fill(ects)


def test_learning_agreement_to_recognition_and_grant(page, screenshot, tmp_path):
    base = page.live_server_url
    staff = StaffFactory(first_name="Magdalena", last_name="van Eeckhout")
    grant_rates(2026)
    record, coordinator = outgoing_mobility(staff, country="DE")
    record.institution.erasmus_code, record.institution.schac_id = "D HEIDELB01", "uni-heidelberg.de"
    record.institution.save()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=100)
    MobilityRecord.objects.filter(pk=record.pk).update(
        start_date=start, end_date=start + datetime.timedelta(days=158)
    )
    student = record.application.student
    url = f"{base}/mobilities/{record.pk}/"

    # The student finds the agreement from the dashboard and drafts it.
    login_as(page, student)
    page.goto(base + "/applications/")
    page.get_by_test_id("learning-agreement-link").click()
    page.get_by_test_id("la-edit").click()
    _fill_row(page, "A", 0, "MED-401", "Internal medicine clerkship", "Autumn", "15")
    _fill_row(page, "A", 1, "MED-402", "Paediatrics", "Autumn", "15")
    _fill_row(page, "B", 0, "DFASM1-UE3", "Médecine interne", "S1", "15")
    page.get_by_test_id("la-submit").click()
    page.get_by_test_id("la-status").wait_for()
    assert "Awaiting signatures" in page.get_by_test_id("la-status").inner_text()
    screenshot(page, "learning-student-submitted")

    # IRO staff sign for the sending school; the host's coordinator for the receiving one.
    staff_page = _context(page, staff)
    staff_page.goto(url)
    staff_page.get_by_test_id("la-sign").click()
    assert "You signed version 1" in staff_page.content()
    coord_page = _context(page, coordinator)
    coord_page.goto(base + "/mobilities/")
    coord_page.get_by_role("link", name=record.student_name).click()
    coord_page.get_by_test_id("la-sign").click()
    assert "Signed by all three" in coord_page.get_by_test_id("la-status").inner_text()
    version = AgreementVersion.objects.get(agreement__record=record)
    assert version.status == VersionStatus.APPROVED and version.signatures.count() == 3

    # The coordinator confirms the arrival (the date field stops at today: no arrival in advance).
    assert coord_page.locator("#arrival-date").get_attribute("max") == today.isoformat()
    coord_page.locator("#arrival-date").fill(start.isoformat())
    coord_page.get_by_test_id("confirm-arrival").click()
    assert "Arrival confirmed." in coord_page.content()
    screenshot(coord_page, "learning-coordinator-arrival")

    # Staff pay the first instalment (70 %) once the agreement is signed.
    staff_page.goto(url)
    staff_page.get_by_test_id("pay-first").get_by_role("button").click()
    assert "First instalment recorded" in staff_page.content()
    assert "Record the final instalment" not in staff_page.content()

    # The student uploads the Transcript of Records.
    path = tmp_path / "transcript.pdf"
    path.write_bytes(PDF_BYTES)
    page.goto(url)
    page.locator("#transcript-file").set_input_files(str(path))
    page.get_by_test_id("upload-transcript").click()
    assert "Transcript of Records received." in page.content()

    # Staff record recognition (a missing grade is refused first): the mobility is completed.
    staff_page.goto(url)
    form = staff_page.get_by_test_id("recognition-form")
    form.get_by_label("Recognised", exact=True).first.check()
    form.get_by_role("button").click()
    assert "Give the grade at home." in staff_page.content()
    form = staff_page.get_by_test_id("recognition-form")
    form.get_by_label("Recognised", exact=True).first.check()
    form.get_by_label("Grade at home (converted)").first.fill("15/20")
    form.get_by_role("button").click()
    assert staff_page.get_by_test_id("recognised").is_visible()
    record.application.refresh_from_db()
    assert record.application.status == Status.COMPLETED

    # The final instalment: what remains.
    staff_page.get_by_test_id("pay-final").get_by_role("button").click()
    assert "Final instalment recorded" in staff_page.content()
    assert GrantPayment.objects.filter(grant__record=record).count() == 2
    total = staff_page.get_by_test_id("grant-total").inner_text()
    assert staff_page.get_by_test_id("grant-paid").inner_text() == total
    assert staff_page.get_by_test_id("grant-remaining").inner_text() == "€0.00"
    screenshot(staff_page, "learning-agreement-page")

    # The Beneficiary Module export lists it, with the partner's Erasmus code and the grant.
    staff_page.goto(base + "/mobilities/?year=2026")
    with staff_page.expect_download() as info:
        staff_page.get_by_test_id("export").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["Participant Email"] == student.email)
    assert row["Receiving Organisation Erasmus Code"] == "D  HEIDELB01"
    assert row["Receiving Organisation SCHAC"] == "uni-heidelberg.de"
    assert money(row["Total Grant (EUR)"], 2) == total and row["Recognition Recorded"] == "yes"

    # The student sees it all on a phone.
    phone = _context(page, student, width=390)
    phone.goto(url)
    assert phone.get_by_test_id("grant-remaining").inner_text() == "€0.00"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
    screenshot(phone, "learning-agreement-390")
    phone.goto(f"{url}edit/")
    screenshot(phone, "learning-edit-390")
    for p in (staff_page, coord_page, phone):
        p.context.close()
