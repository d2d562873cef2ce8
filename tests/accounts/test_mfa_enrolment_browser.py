"""In a browser: a staff member's first login with MFA required leads through enrolment to the admin."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD, StaffFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_staff_enrols_totp_on_first_login_and_reaches_the_admin(page, settings, screenshot, width):
    settings.MFA_REQUIRED_FOR_BACK_OFFICE = True
    staff = StaffFactory(first_name="Camille", last_name="Martin")
    page.set_viewport_size({"width": width, "height": 900})
    base = page.live_server_url
    page.goto(base + "/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # allauth confirms the password before a factor is added.
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Activate Authenticator App").wait_for()
    assert page.get_by_test_id("back-office-mfa-reason").is_visible()
    screenshot(page, f"mfa-enrol-{width}")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Activate").click()
    page.get_by_role("heading", name="Recovery Codes").wait_for()
    screenshot(page, f"mfa-recovery-codes-{width}")
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    page.get_by_test_id("continue-to-back-office").click()
    page.get_by_text("International Relations Office").first.wait_for()
    assert page.url.startswith(base + "/admin/")
