"""What a student sees when their acceptance letter cannot be rendered right now."""

import pytest
from django.urls import reverse

from mobility import services
from mobility.models import Status
from tests.conftest import login_as

from .factories_records import under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_letter_failure_is_a_clear_page_on_desktop_and_phone(page, screenshot, staff, monkeypatch):
    application = under_review(staff)
    monkeypatch.setattr("core.pdf.static_asset_path", lambda name: None)  # the letter task fails too
    services.transition(application, Status.ACCEPTED, by=staff, notify=False)
    login_as(page, application.student)
    url = reverse("mobility:acceptance_letter", args=[application.pk])
    response = page.goto(page.live_server_url + url)
    assert response.status == 503
    assert "Nothing is lost" in page.get_by_test_id("pdf-unavailable").inner_text()
    screenshot(page, "mobility-letter-unavailable")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "mobility-letter-unavailable-390")
