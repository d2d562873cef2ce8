"""In a real browser: the privacy notice (English, French, 390 px) and a student asking for a copy."""

import io
import json
import zipfile

import pytest

from privacy.models import DataRequest
from tests.conftest import login_as
from tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_notice_in_english_french_and_on_a_phone(page, screenshot):
    page.goto(page.live_server_url + "/")
    page.get_by_test_id("footer-privacy").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", name="Privacy notice").is_visible()
    assert page.get_by_test_id("category-payments").first.is_visible()
    assert "10 years after the payment" in page.content()
    screenshot(page, "privacy-notice-en")

    page.get_by_test_id("lang-fr").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Politique de confidentialité").is_visible()
    assert "10 ans après le paiement" in page.content()
    screenshot(page, "privacy-notice-fr")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
    screenshot(page, "privacy-notice-fr-390")


def test_student_asks_for_a_copy_and_downloads_it_once(page, screenshot):
    student = StudentFactory(first_name="Lina", last_name="Haddad")
    login_as(page, student)
    page.goto(page.live_server_url + "/")
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("my-data").click()
    page.wait_for_url("**/privacy/my-data/")
    page.get_by_test_id("request-copy").click()
    page.wait_for_url("**/privacy/my-data/")
    assert page.get_by_text("being prepared").is_visible()
    page.reload()  # the task ran when the request committed (eager here, a worker in production)
    link = page.get_by_test_id("download-copy")
    assert link.is_visible()
    screenshot(page, "privacy-my-data-copy-ready")

    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    data = json.loads(archive.read("my-data.json"))
    assert data["account"]["email"] == student.email
    assert DataRequest.objects.get(account_id=student.pk).status == "downloaded"

    page.reload()
    assert page.get_by_test_id("download-copy").count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "privacy-my-data-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_office_reads_the_record_of_processing(page, screenshot):
    from tests.factories import StaffFactory

    login_as(page, StaffFactory())
    page.goto(page.live_server_url + "/admin/")
    page.get_by_role("link", name="Record of processing").first.click()
    page.wait_for_url("**/admin/privacy/processingregister/")
    assert page.locator("[data-category=payments] .count").inner_text() == "0"
    assert "10 years after the payment" in page.content()
    screenshot(page, "privacy-admin-register")
