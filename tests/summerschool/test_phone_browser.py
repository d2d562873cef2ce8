"""Summer-school pages on a phone (390 px), found by the page reviews: 'My summer schools' has one card
per registration with its Open button on screen; the list keeps each title the width of its card."""

import pytest
from django.conf import settings
from django.urls import reverse

from summerschool.models import State
from tests.conftest import login_as
from tests.factories import StudentFactory
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory

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


def test_a_full_schools_title_keeps_the_width_of_its_card_on_a_phone(page, screenshot):
    """The 'Full — waiting list open' badge sat beside the title and squeezed it to a word per line
    at 390 px in French (found by the page review): on a phone it goes under the title."""
    school = SummerSchoolFactory(
        title="Clinical and Emergency Medicine Hands-on Training", title_fr="", capacity=1
    )
    RegistrationFactory(offering=school, state=State.CONFIRMED)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": page.live_server_url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.live_server_url + reverse("summerschool:list"))
    card = page.get_by_test_id("school-card").bounding_box()
    title = page.get_by_test_id("school-card").get_by_role("heading").bounding_box()
    assert page.get_by_test_id("seats").inner_text() == "Complet — liste d’attente ouverte"
    screenshot(page, "summer-schools-full-390")
    assert title["width"] > 0.8 * card["width"], (title, card)
    page.set_viewport_size({"width": 1280, "height": 900})
    badge = page.get_by_test_id("seats").bounding_box()
    title = page.get_by_test_id("school-card").get_by_role("heading").bounding_box()
    assert abs(badge["y"] - title["y"]) < 20, "beside the title on a wide screen"
