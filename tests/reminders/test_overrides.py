"""Staff time a reminder differently for one call or one summer school (an `Override`): the sweep
and the forecast follow it there and the rule's own timing elsewhere, at the same query cost."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders.models import Override, Rule
from reminders.selectors import forecast
from reminders.services import run_reminders, sync_rules
from summerschool.models import State
from tests.mobility.factories import ApplicationFactory, CallFactory
from tests.summerschool.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
DRAFT = "mobility.draft_7_days"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def rules():
    sync_rules()
    return {rule.code: rule for rule in Rule.objects.all()}


@pytest.fixture
def two_calls():
    """A draft in each of two calls closing at the same instant."""
    deadline = timezone.now() + 60 * DAY
    return [ApplicationFactory(call=CallFactory(application_deadline=deadline)) for _ in range(2)]


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(now, code=DRAFT):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            count = run_reminders(now=now).get(code, 0)
        return count, sorted(m.to[0] for m in mailoutbox)

    return run


def test_a_call_with_its_own_offset_is_reminded_then_the_others_at_the_rules(rules, two_calls, sweep):
    early, usual = two_calls
    deadline = early.call.application_deadline
    Override.objects.create(rule=rules[DRAFT], call=early.call, offset=14 * DAY)
    assert sweep(deadline - 15 * DAY) == (0, [])
    assert sweep(deadline - 14 * DAY) == (1, [early.student.email])
    assert sweep(deadline - 7 * DAY) == (1, [usual.student.email])  # the rule's 7 days; early not again
    assert sweep(deadline - 6 * DAY) == (0, [])


def test_a_rule_switched_off_for_one_call_still_runs_for_the_others(rules, two_calls, sweep):
    off, on = two_calls
    Override.objects.create(rule=rules[DRAFT], call=off.call, enabled=False)
    assert sweep(on.call.application_deadline - 7 * DAY) == (1, [on.student.email])


def test_a_rule_switched_off_everywhere_but_one_call(rules, two_calls, sweep):
    chosen, _other = two_calls  # same deadline: never reminded
    Rule.objects.filter(code=DRAFT).update(enabled=False)
    Override.objects.create(rule=rules[DRAFT], call=chosen.call, offset=3 * DAY)
    assert sweep(chosen.call.application_deadline - 7 * DAY) == (0, [])
    assert sweep(chosen.call.application_deadline - 3 * DAY) == (1, [chosen.student.email])


def test_a_summer_school_with_its_own_payment_reminder(rules, sweep):
    due = datetime.date(2027, 5, 10)
    early = RegistrationFactory(state=State.ACCEPTED, payment_due=due)
    usual = RegistrationFactory(state=State.ACCEPTED, payment_due=due)
    code = "summerschool.payment_due"
    Override.objects.create(rule=rules[code], offering=early.offering, offset=7 * DAY)
    assert sweep(datetime.datetime(2027, 5, 4, 9, 0, tzinfo=PARIS), code) == (1, [early.participant.email])
    assert sweep(datetime.datetime(2027, 5, 8, 9, 0, tzinfo=PARIS), code) == (1, [usual.participant.email])


def test_the_forecast_follows_each_calls_timing(rules, two_calls):
    early, usual = two_calls
    deadline = early.call.application_deadline
    Override.objects.create(rule=rules[DRAFT], call=early.call, offset=10 * DAY)
    now = deadline - 20 * DAY
    items = [(i.obj, i.at) for i in forecast(now, now + 14 * DAY, [DRAFT])]
    assert items == [(early, deadline - 10 * DAY), (usual, deadline - 7 * DAY)]


def test_timings_for_many_calls_cost_no_query_per_call(rules):
    deadline = timezone.now() + 60 * DAY
    drafts = [ApplicationFactory(call=CallFactory(application_deadline=deadline)) for _ in range(4)]
    Override.objects.create(rule=rules[DRAFT], call=drafts[0].call, offset=8 * DAY)
    with CaptureQueriesContext(connection) as one:
        assert run_reminders(now=deadline - 7 * DAY, dry_run=True)[DRAFT] == 4  # 8 days: caught up
    for application in drafts[1:]:
        Override.objects.create(rule=rules[DRAFT], call=application.call, offset=7 * DAY)
    with CaptureQueriesContext(connection) as four:
        assert run_reminders(now=deadline - 7 * DAY, dry_run=True)[DRAFT] == 4  # 8 days: caught up
    assert len(four) == len(one)


def test_an_override_must_name_what_the_reminder_chases(rules, two_calls):
    school = RegistrationFactory().offering
    with pytest.raises(ValidationError, match="call's deadline"):
        Override(rule=rules[DRAFT], offering=school).full_clean()
    with pytest.raises(ValidationError, match="summer school's deadline"):
        Override(rule=rules["summerschool.payment_due"], call=two_calls[0].call).full_clean()
    with pytest.raises(ValidationError, match="same everywhere"):
        Override(rule=rules["partners.agreement_ending"], call=two_calls[0].call).full_clean()
    with pytest.raises(ValidationError, match="Choose a call or a summer school"):
        Override(rule=rules[DRAFT]).full_clean()


def test_the_call_and_school_pages_offer_only_their_reminders(admin_client, rules, two_calls):
    page = admin_client.get(f"/admin/mobility/call/{two_calls[0].call.pk}/change/")
    formset = next(f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Override)
    choices = {str(label) for _value, label in formset.empty_form.fields["rule"].choices}
    assert str(rules[DRAFT].name) in choices
    assert str(rules["summerschool.payment_due"].name) not in choices
    school = RegistrationFactory().offering
    page = admin_client.get(f"/admin/summerschool/summerschool/{school.pk}/change/")
    formset = next(f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Override)
    choices = {str(label) for _value, label in formset.empty_form.fields["rule"].choices}
    assert choices - {"---------"} == {
        str(rules["summerschool.payment_due"].name),
        str(rules["summerschool.offer_expiring"].name),
    }


def test_staff_give_a_call_its_own_timing_on_the_rules_page(admin_client, rules, two_calls):
    rule, call = rules[DRAFT], two_calls[0].call
    url = f"/admin/reminders/rule/{rule.pk}/change/"
    data = {
        "enabled": "on",
        "offset": "7 00:00:00",
        "repeat": "",
        "overrides-TOTAL_FORMS": "1",
        "overrides-INITIAL_FORMS": "0",
        "overrides-0-call": str(call.pk),
        "overrides-0-enabled": "on",
        "overrides-0-offset": "10 00:00:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert Override.objects.get(rule=rule).offset == 10 * DAY
    listing = admin_client.get("/admin/reminders/rule/")
    assert b"calls or schools with their own timing" in listing.content.lower()
    # The same call twice: a message, not an error page.
    data["overrides-INITIAL_FORMS"], data["overrides-TOTAL_FORMS"] = "1", "2"
    data["overrides-0-id"] = str(Override.objects.get().pk)
    data.update({"overrides-1-call": str(call.pk), "overrides-1-enabled": "on", "overrides-1-offset": ""})
    response = admin_client.post(url, data)
    assert response.status_code == 200 and Override.objects.count() == 1
    assert b"Please correct the duplicate data" in response.content or b"already has its timing" in (
        response.content
    )
