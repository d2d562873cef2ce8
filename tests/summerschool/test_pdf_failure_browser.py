"""What people see when a PDF cannot be rendered: a participant's receipt, a staff member's run."""

import datetime
from decimal import Decimal

import pytest

from summerschool import services
from summerschool.models import Payment, State
from tests.conftest import login_as
from tests.factories import StaffFactory

from .factories import RegistrationFactory, SummerSchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def static_files_missing(monkeypatch):
    monkeypatch.setattr("core.pdf.static_asset_path", lambda name: None)


def test_a_receipt_failure_is_a_clear_page_on_desktop_and_phone(page, screenshot, static_files_missing):
    registration = RegistrationFactory(state=State.CONFIRMED)
    payment = Payment.objects.create(
        registration=registration,
        amount=Decimal("3100"),
        paid_on=datetime.date(2026, 5, 4),
        bank_reference="B-1",
    )
    login_as(page, registration.participant)
    url = f"{page.live_server_url}/summer-schools/registrations/{registration.pk}/receipts/{payment.pk}.pdf"
    response = page.goto(url)
    assert response.status == 503
    assert page.get_by_test_id("pdf-unavailable").is_visible()
    assert "could not produce your payment receipt" in page.get_by_test_id("pdf-unavailable").inner_text()
    screenshot(page, "summerschool-receipt-unavailable")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "summerschool-receipt-unavailable-390")
    page.get_by_role("link", name="Back to your registration").click()
    assert page.url.endswith(registration.get_absolute_url())


def test_staff_see_who_failed_in_a_run(page, screenshot, static_files_missing):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(3)]
    staff = StaffFactory(is_superuser=True)
    [run] = services.mark_completed(regs, by=staff)  # eager: retried, then recorded as failed
    login_as(page, staff)
    page.goto(f"{page.live_server_url}/admin/summerschool/certificaterun/{run.pk}/progress/")
    assert page.get_by_test_id("run-state").inner_text() == "Finished."
    failures = page.get_by_test_id("run-failures")
    assert failures.is_visible() and regs[0].participant.display_name in failures.inner_text()
    screenshot(page, "summerschool-run-failures")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "summerschool-run-failures-390")
