"""Staff generate waiver codes for a network's office and export them; a member registers with one
and the fee preview, then the registration, show no fee (issue 17). Phone width too."""

import csv
import datetime
import io
import pathlib
from decimal import Decimal

import pytest
from django.utils import timezone

from summerschool.models import Registration, State, WaiverCode, WaiverProof
from tests.conftest import login_as
from tests.factories import InstitutionFactory, NetworkFactory, StaffFactory, StudentFactory

from .factories import SummerSchoolFactory
from .test_browser import fill_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_generate_and_export_codes_and_a_member_registers_free_with_one(page, screenshot):
    circle = NetworkFactory(name="Circle U.", slug="circle-u")
    circle.members.add(InstitutionFactory(name="University of Oslo", country="NO", email_domains="uio.no"))
    school = SummerSchoolFactory(title="Rethinking Global Health", slug="global-health", fee=Decimal("450"))
    school.waiver_networks.add(circle)
    base = page.live_server_url

    # Staff: the generation form, first with a date in the past (refused, said why), then right.
    login_as(page, StaffFactory())
    page.goto(base + "/admin/summerschool/waivercode/")
    page.get_by_test_id("generate-codes").click()
    page.select_option("#id_network", label="Circle U.")
    page.select_option("#id_offering", label="Rethinking Global Health")
    page.fill("#id_issued_to", "Circle U. office, University of Oslo")
    page.fill("#id_count", "3")
    page.fill("#id_expires_on", (timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Generate").click()
    assert "The expiry date is in the past." in page.locator(".errorlist").inner_text()
    screenshot(page, "summerschool-admin-waiver-codes-past-date")
    valid_until = timezone.localdate() + datetime.timedelta(days=60)
    page.fill("#id_expires_on", valid_until.isoformat())
    page.get_by_role("button", name="Generate").click()
    assert "3 codes generated for Circle U. office" in page.locator(".messagelist").inner_text()
    assert page.locator("#result_list tbody tr").count() == 3
    screenshot(page, "summerschool-admin-waiver-codes")

    # Exported as CSV for the office.
    page.check("#action-toggle")
    page.select_option("select[name=action]", "export_csv")
    with page.expect_download() as download:
        page.click("button[name=index]")
    rows = list(csv.DictReader(io.StringIO(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))))
    codes = sorted(WaiverCode.objects.values_list("code", flat=True))
    assert sorted(r["code"] for r in rows) == codes
    assert {(r["network"], r["programme"], r["uses_allowed"], r["valid_until"]) for r in rows} == {
        ("Circle U.", "Rethinking Global Health", "1", valid_until.isoformat())
    }

    # A member registers with the first code: the preview shows no fee before and after submitting.
    student = StudentFactory(first_name="Kari", last_name="Nordmann")  # a personal address
    login_as(page, student)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/summer-schools/global-health/register/")
        assert page.get_by_test_id("fee-preview").inner_text() == "€450"
        fill_registration(page, institution_label="University of Oslo")
        page.fill("#id_waiver_code", "NOT-A-CODE")
        assert page.get_by_test_id("fee-preview").inner_text() == "€0"
        page.get_by_role("button", name="Submit my registration").click()
        assert page.locator(".invalid-feedback", has_text="This waiver code is unknown").is_visible()
        screenshot(page, f"summerschool-register-unknown-code-{width}")
    fill_registration(
        page, institution_label="University of Oslo"
    )  # the file input is emptied by the refusal
    page.fill("#id_waiver_code", rows[0]["code"].lower())
    assert page.get_by_test_id("fee-preview").inner_text() == "€0"
    assert "Free with your waiver code" in page.locator("#fee-reason").inner_text()
    screenshot(page, "summerschool-register-with-code-390")
    page.get_by_role("button", name="Submit my registration").click()

    assert page.get_by_test_id("state").inner_text() == "Confirmed"
    assert "No fee is due" in page.content() and "a waiver code from the network" in page.content()
    screenshot(page, "summerschool-registration-free-with-code-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "summerschool-registration-free-with-code-1280")
    registration = Registration.objects.get(participant=student)
    assert (registration.state, registration.fee, registration.waiver_proof) == (
        State.CONFIRMED,
        0,
        WaiverProof.CODE,
    )
    assert registration.waiver_code.code == rows[0]["code"] and not registration.invoices.exists()
