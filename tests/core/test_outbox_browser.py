"""Staff read a person's email log and send a failed email again, in a real browser."""

import pytest
from django.core.mail import EmailMultiAlternatives
from post_office.models import STATUS, Email

from core.emails import deliver_queued, queue_message
from tests.conftest import login_as
from tests.factories import StaffFactory, StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_follow_a_students_emails_and_send_a_failed_one_again(page, settings, screenshot):
    student = StudentFactory(email="ann@example.org", first_name="Ann", last_name="Lee")
    queue_message(
        EmailMultiAlternatives(subject="[IRO Portal] Application received", body="b", to=[student.email])
    )
    deliver_queued()
    working = settings.POST_OFFICE
    settings.POST_OFFICE = {
        **working,
        "BACKENDS": {"default": "tests.core.failing_backend.FailingBackend"},
        "MAX_RETRIES": 0,
    }
    queue_message(
        EmailMultiAlternatives(subject="[IRO Portal] Your acceptance letter", body="b", to=[student.email])
    )
    deliver_queued()
    settings.POST_OFFICE = working

    login_as(page, StaffFactory())
    page.goto(f"{page.live_server_url}/admin/accounts/user/{student.pk}/change/")
    log = page.locator("fieldset", has_text="Emails sent to this person")
    assert log.get_by_text("Your acceptance letter").is_visible()
    assert (
        log.locator("td", has_text="failed").count() == 1 and log.locator("td", has_text="sent").count() == 1
    )
    log.scroll_into_view_if_needed()
    screenshot(page, "outbox-user-log")

    log.get_by_role("link", name="Every email to this address").click()
    page.locator("tr", has_text="Your acceptance letter").locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "send_again")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("1 email queued again.").wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "outbox-list-phone")
    assert Email.objects.get(subject__contains="acceptance letter").status == STATUS.sent
