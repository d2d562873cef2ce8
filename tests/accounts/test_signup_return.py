"""Signing up keeps the way back: after confirming the address, the participant lands where they started."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Stethoscope-2026!"


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    def _sign_up(client, next_url, email="lena.vogel@example.org"):
        with django_capture_on_commit_callbacks(execute=True):  # the confirmation email is sent
            return _post_signup(client, next_url, email)

    return _sign_up


def _post_signup(client, next_url, email):
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Lena",
            "last_name": "Vogel",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )
    assert response.status_code == 302
    return User.objects.get(email=email)


def _confirmation_path(mailoutbox):
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    return link[link.index("/accounts/") :]


@pytest.mark.parametrize("same_browser", [True, False])
def test_after_confirming_and_logging_in_the_participant_is_back_on_the_school_registration_form(
    client, mailoutbox, same_browser, sign_up
):
    school = SummerSchoolFactory(slug="ai-2027")
    form_url = reverse("summerschool:register", args=[school.slug])
    # Not logged in, "Register" leads to the login page, whose "Sign up" link keeps the `next`.
    login_page = client.get(form_url)
    assert login_page["Location"].startswith(reverse("account_login"))
    sign_up(client, form_url)

    browser = client if same_browser else Client()  # the link may be opened on a phone
    confirmed = browser.post(_confirmation_path(mailoutbox))
    assert (
        confirmed["Location"] == reverse("account_login") + "?next=%2Fsummer-schools%2Fai-2027%2Fregister%2F"
    )

    logged_in = browser.post(
        confirmed["Location"], {"login": "lena.vogel@example.org", "password": PASSWORD, "next": form_url}
    )
    assert logged_in["Location"] == form_url
    assert browser.get(form_url).status_code == 200


def test_logging_in_later_without_the_link_still_goes_back_once(client, mailoutbox, sign_up):
    school = SummerSchoolFactory(slug="hands-on-2027")
    form_url = reverse("summerschool:register", args=[school.slug])
    sign_up(client, form_url)
    client.post(_confirmation_path(mailoutbox))
    first = client.post(reverse("account_login"), {"login": "lena.vogel@example.org", "password": PASSWORD})
    assert first["Location"] == form_url
    client.logout()
    second = client.post(reverse("account_login"), {"login": "lena.vogel@example.org", "password": PASSWORD})
    assert second["Location"] == reverse("core:dashboard")


def test_any_next_is_kept_but_never_another_site(client, sign_up):
    user = sign_up(client, "/partners/?country=DE")
    assert user.return_to == "/partners/?country=DE"
    other = sign_up(Client(), "https://evil.example.com/", email="other@example.org")
    assert other.return_to == ""
