"""Staff's page of what the next 14 days will send (the sweep's selection run forward) and the
ledger with each email of the outbox, filtered by rule and call."""

import datetime

import pytest
from django.utils import timezone

from reminders.models import Rule, Sent
from reminders.selectors import forecast
from reminders.services import run_reminders
from tests.mobility.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
URL = "/admin/reminders/rule/upcoming/"


@pytest.fixture
def drafts():
    """A draft whose deadline is 10 days away (its 7-day reminder in 3 days, its 1-day one in 9),
    and one of another call 40 days away (nothing in the next 14 days)."""
    now = timezone.now()
    soon = ApplicationFactory(call=CallFactory(application_deadline=now + 10 * DAY))
    later = ApplicationFactory(call=CallFactory(application_deadline=now + 40 * DAY))
    return soon, later


def test_the_forecast_is_the_sweeps_selection_run_forward(drafts, django_capture_on_commit_callbacks):
    soon, _later = drafts
    now = timezone.now()
    items = [i for i in forecast(now, now + 14 * DAY) if i.rule.code.startswith("mobility.draft")]
    deadline = soon.call.application_deadline
    assert [(i.rule.code, i.obj, i.recipient, i.at) for i in items] == [
        ("mobility.draft_7_days", soon, soon.student, deadline - 7 * DAY),
        ("mobility.draft_1_day", soon, soon.student, deadline - DAY),
    ]
    # The sweep at the foreseen instant sends exactly that, and the forecast then drops it.
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders(now=items[0].at)["mobility.draft_7_days"] == 1
    later = [i.rule.code for i in forecast(items[0].at, items[0].at + 14 * DAY) if i.obj == soon]
    assert later == ["mobility.draft_1_day"]


def test_a_switched_off_rule_is_not_foreseen(drafts):
    Rule.objects.filter(code="mobility.draft_7_days").update(enabled=False)
    now = timezone.now()
    assert "mobility.draft_7_days" not in {i.rule.code for i in forecast(now, now + 14 * DAY)}


def test_the_page_lists_rule_person_object_when_filtered_by_rule_and_call(admin_client, drafts):
    soon, later = drafts
    page = admin_client.get(URL).content.decode()
    assert "Student: draft not submitted, 7 days before" in page and soon.student.email in page
    assert later.student.email not in page
    page = admin_client.get(URL, {"rule": "mobility.draft_1_day"}).content.decode()
    assert "1 day before" in page and "7 days before the application deadline</td>" not in page
    page = admin_client.get(URL, {"call": later.call.pk}).content.decode()
    assert soon.student.email not in page and "Nothing to send" in page
    assert URL in admin_client.get("/admin/reminders/rule/").content.decode()


def test_the_page_is_in_french(admin_client, admin_user, drafts):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Rappels des 14 prochains jours" in page


def test_a_student_cannot_open_the_page(client, drafts):
    soon, _ = drafts
    client.force_login(soon.student)
    assert client.get(URL).status_code == 302


def test_the_ledger_links_each_email_and_filters_by_call(
    admin_client, drafts, django_capture_on_commit_callbacks
):
    soon, later = drafts
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders(now=soon.call.application_deadline - 7 * DAY)
        run_reminders(now=later.call.application_deadline - 7 * DAY)
    sent = Sent.objects.get(object_id=soon.pk)
    assert sent.email is not None and sent.email.to == [soon.student.email]
    page = admin_client.get(f"/admin/reminders/sent/?call={soon.call.pk}").content.decode()
    assert f"/admin/post_office/email/{sent.email_id}/change/" in page
    assert soon.student.email in page and later.student.email not in page
