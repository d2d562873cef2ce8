import re

import pytest

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_verifies_logs_in_reads_french_and_logs_out(page, mailoutbox, screenshot):
    base = page.live_server_url
    page.goto(base + "/")
    page.get_by_role("link", name="Sign up").click()
    page.locator("#id_email").fill("ines.moreau@example.org")
    page.get_by_label("First name").fill("Inès")
    page.get_by_label("Last name").fill("Moreau")
    page.locator("#id_password1").fill("Stethoscope-2026!")
    page.locator("#id_password2").fill("Stethoscope-2026!")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()
    screenshot(page, "signup-verify-sent")

    user = User.objects.get(email="ines.moreau@example.org")
    assert (user.first_name, user.last_name) == ("Inès", "Moreau")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(base + link[link.index("/accounts/") :])
    page.get_by_role("button", name="Confirm").click()

    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill("ines.moreau@example.org")
    page.locator("#id_password").fill("Stethoscope-2026!")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_test_id("account-menu").wait_for()
    assert "Inès Moreau" in page.get_by_test_id("account-menu").inner_text()

    page.goto(base + "/")
    page.get_by_test_id("lang-fr").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Bureau des relations internationales").is_visible()
    screenshot(page, "home-fr")
    user.refresh_from_db()
    assert user.language == "fr"

    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("link", name="Connexion").first.wait_for()
    assert not page.get_by_test_id("account-menu").count()
