"""Staff import a new partner and its agreement in the admin; it appears on /partners/."""

import pytest

from core import academic
from partners.models import Institution
from tests.conftest import login_as
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = academic.current_academic_year()


def _import(page, path, tmp_path, name, text, screenshot=None):
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    page.goto(page.live_server_url + path)
    page.locator("input[name=import_file]").set_input_files(str(file))
    page.locator("select[name=format]").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Confirm import").click()
    page.locator(".messagelist .success, ul.messagelist li").first.wait_for()
    if screenshot:
        screenshot(page, "partners-import-done")


def test_staff_imports_a_partner_that_then_appears_in_the_directory(page, screenshot, tmp_path):
    login_as(page, StaffFactory())
    _import(
        page,
        "/admin/partners/institution/import/",
        tmp_path,
        "institutions.csv",
        "name,local_name,country,city,website,erasmus_code\n"
        "University of Lisbon,Universidade de Lisboa,Portugal,Lisbon,https://www.ulisboa.pt,P LISBOA109\n",
    )
    assert Institution.objects.filter(name="University of Lisbon", country="PT").exists()
    _import(
        page,
        "/admin/partners/agreement/import/",
        tmp_path,
        "agreements.csv",
        "institution,kind,valid_from_year,valid_to_year,outgoing_seats,incoming_seats,study_year_min,"
        "study_year_max,duration,french_track,english_track,is_signed\n"
        f"P LISBOA109,Erasmus+ academic exchange,{NOW - 1},{NOW + 3},2,2,3,6,semester_or_year,1,0,1\n",
        screenshot,
    )
    page.goto(page.live_server_url + "/partners/?kind=exchange-europe")
    portugal = page.get_by_role("heading", name="Portugal")
    portugal.wait_for()
    link = page.get_by_role("link", name="University of Lisbon")
    screenshot(page, "partners-directory-after-import")
    link.click()
    page.get_by_role("heading", name="University of Lisbon").wait_for()
    assert "Universidade de Lisboa" in page.content()
