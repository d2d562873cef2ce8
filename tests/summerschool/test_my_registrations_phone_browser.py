"""'My summer schools' on a phone: one card per registration, its Open button on screen (the table
hid it off the right edge at 390 px; found by the page review)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import login_as
from tests.factories import StudentFactory
from tests.summerschool.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_registration_opens_from_a_390_px_screen(page, screenshot):
    participant = StudentFactory()
    for _ in range(2):
        RegistrationFactory(
            participant=participant,
            offering__title="International Summer School in Global Health and Tropical Medicine",
        )
    login_as(page, participant)
    page.context.add_cookies(  # French: the longest dates and states
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": page.live_server_url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.live_server_url + reverse("summerschool:my_registrations"))
    buttons = page.get_by_role("link", name="Ouvrir", exact=True)
    assert buttons.count() == 2
    assert (
        page.locator("td[data-label]").count() == 4
    )  # each row a card: its dates and state say their column
    for n in range(2):
        box = buttons.nth(n).bounding_box()
        assert box["x"] + box["width"] <= 390, box
    screenshot(page, "my-registrations-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
