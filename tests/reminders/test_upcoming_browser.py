"""Staff's "reminders of the next 14 days" page in a real browser: filtered by rule and by call,
a rule switched off in the rules list disappears from it (screenshots in test-artifacts/)."""

import datetime

import pytest
from django.utils import timezone

from reminders.models import Rule
from reminders.services import sync_rules
from tests.conftest import login_as
from tests.factories import StaffFactory
from tests.mobility.factories import ApplicationFactory, CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)
URL = "/admin/reminders/rule/upcoming/"
DRAFT_7 = "Student: draft not submitted, 7 days before the application deadline"
DRAFT_1 = "Student: draft not submitted, 1 day before the application deadline"


def rows(page):
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator("#upcoming tbody tr").all()
    ]


def test_staff_filter_the_upcoming_reminders_and_switch_a_rule_off(page, screenshot):
    sync_rules()
    now = timezone.now()
    soon = ApplicationFactory(
        call=CallFactory(title="Erasmus+ 2027–28 outgoing", application_deadline=now + 10 * DAY),
        student__first_name="Léa",
        student__last_name="Martin",
    )
    later = ApplicationFactory(
        call=CallFactory(title="Clinical placements 2027–28", application_deadline=now + 12 * DAY),
        student__first_name="Tom",
        student__last_name="Weber",
    )
    base = page.live_server_url
    login_as(page, StaffFactory())

    page.goto(base + URL)
    everything = rows(page)
    assert len(everything) == 4, everything  # 7 days and 1 day before, for each draft
    assert [r[1] for r in everything] == [DRAFT_7, DRAFT_7, DRAFT_1, DRAFT_1]  # earliest first
    assert "Léa Martin" in everything[0][2] and "Tom Weber" in everything[1][2]
    screenshot(page, "reminders-upcoming")

    page.get_by_label("Rule").select_option(label=DRAFT_1)
    page.get_by_role("button", name="Filter").click()
    assert [r[1] for r in rows(page)] == [DRAFT_1, DRAFT_1]

    page.get_by_label("Rule").select_option(value="")
    page.get_by_label("Call").select_option(label=str(later.call))
    page.get_by_role("button", name="Filter").click()
    assert [(r[1], r[3]) for r in rows(page)] == [(DRAFT_7, str(later)), (DRAFT_1, str(later))]
    screenshot(page, "reminders-upcoming-one-call")

    # Switch the 7-day reminder off in the rules list: it is no longer foreseen, the option says so.
    page.goto(base + "/admin/reminders/rule/")
    row = page.locator("#result_list tbody tr", has_text=DRAFT_7)
    row.locator("input[type=checkbox][name$='-enabled']").uncheck()
    page.get_by_role("button", name="Save").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert not Rule.objects.get(code="mobility.draft_7_days").enabled
    page.goto(base + URL)
    assert [r[1] for r in rows(page)] == [DRAFT_1, DRAFT_1]
    assert "(switched off)" in page.get_by_label("Rule").inner_text()
    screenshot(page, "reminders-upcoming-rule-off")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + URL + f"?call={soon.call_id}")
    assert [r[3] for r in rows(page)] == [str(soon)]
    screenshot(page, "reminders-upcoming-390")
