"""An incoming student: the partner's coordinator signs as the sending institution, IRO staff as the
receiving one and confirm the stay; the certificate of attendance is a PDF."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from learning.models import Party, VersionStatus
from tests.conftest import login_as
from tests.factories import StaffFactory

from .factories import drafted, incoming_mobility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_incoming_staff_confirm_the_stay_and_issue_the_certificate(page, screenshot, tmp_path):
    base = page.live_server_url
    staff = StaffFactory()
    record, coordinator = incoming_mobility()
    version = drafted(record)
    url = f"{base}/mobilities/{record.pk}/"

    login_as(page, coordinator)
    page.goto(url)
    page.get_by_test_id("la-sign").click()
    assert version.signatures.get(party=Party.SENDING).signer == coordinator
    assert page.locator("#arrival-date").count() == 0  # the host confirms the stay, not the home partner

    page.context.clear_cookies()
    login_as(page, staff)
    page.goto(url)
    page.get_by_test_id("la-sign").click()
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    page.locator("#arrival-date").fill("2026-09-01")
    page.get_by_test_id("confirm-arrival").click()
    departure = min(timezone.localdate(), datetime.date(2027, 2, 10))
    page.locator("#departure-date").fill(departure.isoformat())
    page.get_by_test_id("confirm-departure").click()
    assert "Departure confirmed." in page.content()
    screenshot(page, "learning-incoming-staff")
    with page.expect_download() as info:
        page.get_by_test_id("attendance-pdf").click()
    path = tmp_path / "attendance.pdf"
    info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(text.split())  # a line may wrap anywhere
    assert "Certificate of attendance".upper() in text.upper() and record.student_name in text
    assert "1 September 2026" in text
