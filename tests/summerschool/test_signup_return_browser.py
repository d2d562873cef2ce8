"""A visitor on a summer school's page signs up, confirms their address and is back on its form."""

import re

import pytest

from accounts.models import User

from .factories import SummerSchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Stethoscope-2026!"


@pytest.mark.parametrize("width", [1280, 390])
def test_signing_up_from_a_school_page_returns_to_its_registration_form(page, mailoutbox, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    SummerSchoolFactory(title="Artificial Intelligence and Digital Innovation in Medicine", slug="ai-2027")
    base = page.live_server_url
    page.goto(f"{base}/summer-schools/ai-2027/")
    page.get_by_test_id("register").click()
    page.get_by_role("link", name="Sign up").last.click()
    page.locator("#id_email").fill("lena.vogel@example.org")
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Vogel")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()
    assert User.objects.get(email="lena.vogel@example.org").return_to == "/summer-schools/ai-2027/register/"

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(base + link[link.index("/accounts/") :])
    page.get_by_role("button", name="Confirm").click()
    page.locator("#id_login").fill("lena.vogel@example.org")
    page.locator("#id_password").fill(PASSWORD)
    screenshot(page, f"signup-return-login-{width}")
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role(
        "heading", name="Register for Artificial Intelligence and Digital Innovation in Medicine"
    ).wait_for()
    assert page.url.endswith("/summer-schools/ai-2027/register/")
    screenshot(page, f"signup-return-form-{width}")
