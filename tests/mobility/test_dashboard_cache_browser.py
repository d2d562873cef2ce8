"""The kept dashboard in a real browser (issue 19): a decision staff make while the student's page is
kept shows on the student's next visit, and the offer's buttons on a kept page work (each visit
gets its own CSRF token), on a computer and on a phone."""

import datetime

import pytest
from django.utils import timezone

from mobility import services
from mobility.models import Status
from tests.conftest import login_as
from tests.factories import StaffFactory

from .factories import CallFactory
from .factories_records import under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_decision_shows_on_the_kept_page_and_its_offer_is_taken_from_it(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    staff = StaffFactory()
    call = CallFactory(
        title="Erasmus+ studies in Europe", confirmation_deadline=timezone.now() + datetime.timedelta(days=14)
    )
    application = under_review(staff, call=call)
    place = call.agreements.first()
    place.institution.name = "Karolinska Institutet"
    place.institution.save()
    login_as(page, application.student)
    page.goto(page.live_server_url + "/applications/")
    assert page.get_by_test_id("status").inner_text().strip() == "Under review"
    page.reload()  # kept

    services.transition(application, Status.ACCEPTED, by=staff, place=place, notify=False)
    page.reload()
    assert "Your place: Karolinska Institutet" in page.get_by_test_id("place").inner_text()
    page.reload()  # kept again, with a token of its own
    screenshot(page, f"dashboard-kept-offer-{width}")
    page.get_by_role("button", name="I take the place").click()
    page.wait_for_url("**/applications/")
    assert "You confirmed your place." in page.get_by_test_id(f"application-{application.pk}").inner_text()
    screenshot(page, f"dashboard-kept-confirmed-{width}")
