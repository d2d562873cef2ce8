"""A call's page on a phone: the partners offered turn into one card per partner instead of a table
wider than the screen (found by the page review at 390 px)."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory
from tests.mobility.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_partners_offered_fit_a_390_px_screen(page, screenshot):
    agreements = [
        AgreementFactory(institution__name=f"Universidad Nacional Autónoma de Ejemplo {n}") for n in range(3)
    ]
    call = CallFactory(agreements=agreements)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.live_server_url + reverse("mobility:call", kwargs={"pk": call.pk, "slug": call.slug}))
    table = page.get_by_test_id("partners-offered")
    assert "Universidad Nacional Autónoma de Ejemplo 2" in table.inner_text()
    assert table.locator("td[data-label='Study years']").count() == 3  # each value says its column
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "call-partners-390")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
