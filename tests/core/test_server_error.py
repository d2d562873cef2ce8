"""A server error is a page a person understands, in English and in French (the portal's 500.html is
static: it renders even when the error came from the database or a template)."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", _fails)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_says_what_happened_and_that_nothing_is_lost_in_both_languages():
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "Nothing you entered" in page
    assert '<div lang="fr"' in page
    assert "Une erreur s’est produite de notre côté" in page and "n’est perdu" in page
    assert "a bug" not in page and "Traceback" not in page
