"""Staff accept in the admin, the student downloads the letter; the key figures page with its charts."""

import io
import shutil
import subprocess

import pytest

from mobility.demo import records as demo_records
from mobility.models import AcceptanceLetter
from tests.conftest import ARTIFACTS, login_as
from tests.factories import AgreementFactory, InstitutionFactory, StaffFactory

from .factories import CallFactory
from .factories_records import under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_student_downloads_the_acceptance_letter_after_staff_accept(page, screenshot, tmp_path):
    base = page.live_server_url
    staff = StaffFactory()
    karolinska = AgreementFactory(institution=InstitutionFactory(name="Karolinska Institutet", country="SE"))
    call = CallFactory(title="Erasmus+ academic exchanges in Europe", agreements=[karolinska])
    application = under_review(staff, call=call, first_name="Léa", last_name="Dubois")

    staff_page = page.context.browser.new_context(locale="en-GB", timezone_id="Europe/Paris").new_page()
    staff_page.live_server_url = base
    login_as(staff_page, staff)
    staff_page.goto(base + "/admin/mobility/application/")
    staff_page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    staff_page.locator("select[name=action]").select_option(label="Accept the selected applications")
    staff_page.get_by_role("button", name="Go").click()
    staff_page.get_by_label("Comment").fill("Welcome to Karolinska Institutet.")
    staff_page.locator("input[type=submit][value^='Confirm']").click()
    staff_page.locator(".messagelist .success").wait_for()
    staff_page.goto(base + "/admin/mobility/acceptanceletter/")
    assert "Léa Dubois" in staff_page.content()
    screenshot(staff_page, "letters-admin")
    staff_page.context.close()
    assert AcceptanceLetter.objects.filter(application=application).count() == 1

    login_as(page, application.student)
    page.goto(base + "/applications/")
    link = page.get_by_test_id("acceptance-letter")
    screenshot(page, "letters-dashboard")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "acceptance-letter-lea-dubois.pdf"
    path = tmp_path / "letter.pdf"
    download.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Léa Dubois" in text and "Erasmus+ academic exchange" in text and "Karolinska Institutet" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(tmp_path / "letter")], check=True
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "letter.png", ARTIFACTS / "letters-pdf.png")


def test_key_figures_page_with_its_charts(page, screenshot):
    demo_records.seed(io.StringIO())
    page.goto(page.live_server_url + "/key-figures/")
    page.get_by_role("heading", name="Student mobility – key figures").wait_for()
    assert page.get_by_role("link", name="Key figures").count() >= 1  # the navigation shows it
    row = page.get_by_test_id("row-clinical-outgoing").locator("td")
    assert row.all_inner_texts() == ["110", "144", "196", "273"]
    assert page.get_by_test_id("row-academic-incoming").locator("td").all_inner_texts() == [
        "89",
        "56",
        "60",
        "66",
    ]
    # Chart.js drew on every canvas: per programme its years, and its periods (issue 14).
    page.wait_for_function(
        "() => window.Chart && Object.keys(Chart.instances).length === document.querySelectorAll('canvas').length"
    )
    assert page.locator("canvas").count() == 4
    screenshot(page, "key-figures")


def test_key_figures_work_without_javascript(browser, live_server, screenshot):
    demo_records.seed(io.StringIO())
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    pg = context.new_page()
    pg.live_server_url = live_server.url
    pg.goto(live_server.url + "/key-figures/")
    assert pg.get_by_test_id("row-academic-outgoing").locator("td").all_inner_texts() == [
        "21",
        "48",
        "36",
        "46",
    ]
    context.close()
