"""A form refused for its security token (most often: the page stayed open past the session's
limit and the person was signed out) says so in the portal's words, in English and French, and
leads back to the page; Django's own page said "CSRF verification failed. Request aborted."."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["The form has expired", "Nothing was changed.", "Open the page again"]),
        ("fr", ["Le formulaire a expiré", "Rien n’a été modifié.", "Rouvrir la page"]),
    ],
)
def test_an_expired_form_says_what_happened_and_leads_back(language, words):
    client = Client(enforce_csrf_checks=True)
    client.force_login(CoordinatorFactory())
    form_page = "http://testserver" + reverse("mobility:nominations")
    response = client.post(
        reverse("mobility:nomination_withdraw", args=[1]),
        {"comment": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_REFERER=form_page,
    )
    page = response.content.decode()
    assert response.status_code == 403
    for text in words:
        assert text in page
    assert 'href="/nominations/"' in page and "CSRF" not in page


def test_a_signed_out_person_is_offered_to_sign_in_and_no_foreign_link():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {}, HTTP_REFERER="https://elsewhere.example/x")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sign in, then open the page again" in page and "elsewhere.example" not in page
