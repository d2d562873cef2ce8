"""The reminder mechanism, driven by moving `now` across the missing-documents reminder's window."""

import datetime
import io

import pytest
from django.core.management import call_command

from mobility import services
from reminders.models import Rule, Sent
from reminders.services import run_reminders
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory

pytestmark = pytest.mark.django_db

RULE = "mobility.documents_missing"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def missing(django_capture_on_commit_callbacks):
    """Two submitted applications of one call, each missing a required document."""
    requirement = DocumentRequirementFactory(name="Proof of personal funds")
    applications = [ApplicationFactory(call=requirement.call, complete=True) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        for a in applications:
            services.submit(a, by=a.student)
    return applications


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    mailoutbox.clear()

    def run(now, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now, **kwargs).get(RULE)

    return run


def test_sent_once_and_not_again_on_a_second_sweep(missing, sweep, mailoutbox):
    deadline = missing[0].call.documents_deadline
    assert sweep(deadline - 4 * DAY) == 0
    assert sweep(deadline - 3 * DAY) == 2
    assert sweep(deadline - 3 * DAY + datetime.timedelta(minutes=15)) == 0
    assert sweep(deadline - DAY) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.student.email for a in missing)
    assert Sent.objects.count() == 2


def test_sent_again_after_the_deadline_moves(missing, sweep, mailoutbox):
    call = missing[0].call
    assert sweep(call.documents_deadline - 2 * DAY) == 2
    call.documents_deadline += 10 * DAY
    call.save(update_fields=["documents_deadline"])
    assert sweep(call.documents_deadline - 5 * DAY) == 0  # not yet due for the new date
    assert sweep(call.documents_deadline - 2 * DAY) == 2
    assert len(mailoutbox) == 4
    assert Sent.objects.filter(deadline=call.documents_deadline).count() == 2


def test_never_sent_after_the_deadline(missing, sweep, mailoutbox):
    deadline = missing[0].call.documents_deadline
    assert sweep(deadline) == 0
    assert sweep(deadline + DAY) == 0
    assert mailoutbox == []


def test_caught_up_after_a_skipped_day(missing, sweep, mailoutbox):
    """Beat was down from 4 days to 1 day before the deadline: the next sweep still sends it."""
    deadline = missing[0].call.documents_deadline
    assert sweep(deadline - 4 * DAY) == 0
    assert sweep(deadline - DAY + datetime.timedelta(hours=1)) == 2
    assert len(mailoutbox) == 2


def test_nothing_for_an_application_whose_documents_arrived(missing, sweep):
    from mobility.models import Application

    Application.objects.filter(pk=missing[0].pk).update(missing_documents=0)
    assert sweep(missing[0].call.documents_deadline - DAY) == 1


def test_switched_off_or_moved_by_staff(missing, sweep):
    deadline = missing[0].call.documents_deadline
    run_reminders(now=deadline - 10 * DAY, dry_run=True)  # creates the rules
    Rule.objects.filter(code=RULE).update(enabled=False)
    assert sweep(deadline - DAY) is None
    Rule.objects.filter(code=RULE).update(enabled=True, offset=7 * DAY)
    assert sweep(deadline - 6 * DAY) == 2


def test_the_email_is_in_the_recipients_language_with_paris_time(missing, sweep, mailoutbox):
    student = missing[0].student
    student.language = "fr"
    student.save(update_fields=["language"])
    sweep(missing[0].call.documents_deadline - DAY)
    french = next(m for m in mailoutbox if m.to == [student.email])
    assert "heure de Paris" in french.body, french.body


def test_queries_do_not_grow_with_the_candidates(missing, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deadline = missing[0].call.documents_deadline
    run_reminders(now=deadline - 10 * DAY, dry_run=True)  # creates the rules
    with CaptureQueriesContext(connection) as two:
        counts = run_reminders(now=deadline - DAY, dry_run=True)
    assert counts[RULE] == 2
    more = [ApplicationFactory(call=missing[0].call, complete=True) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for a in more:
            services.submit(a, by=a.student)
    with CaptureQueriesContext(connection) as five:
        counts = run_reminders(now=deadline - DAY, dry_run=True)
    assert counts[RULE] == 5
    assert len(five) == len(two)  # every rule reads its candidates and ledger in bulk
    assert not Sent.objects.exists()


def test_the_command_prints_counts_per_rule(missing):
    deadline = missing[0].call.documents_deadline
    out = io.StringIO()
    call_command("run_reminders", now=(deadline - DAY).isoformat(), dry_run=True, stdout=out)
    assert f"{RULE}: would send 2" in out.getvalue()
    assert not Sent.objects.exists()
    out = io.StringIO()
    call_command("run_reminders", now=(deadline - DAY).isoformat(), stdout=out)
    assert f"{RULE}: sent 2" in out.getvalue()
    assert Sent.objects.count() == 2


def test_the_admin_lists_rules_with_a_switch_and_the_ledger_read_only(admin_client, missing, sweep):
    sweep(missing[0].call.documents_deadline - DAY)
    page = admin_client.get("/admin/reminders/rule/")
    assert page.status_code == 200 and b'name="form-0-enabled"' in page.content
    ledger = admin_client.get(f"/admin/reminders/sent/?rule__id__exact={Rule.objects.get(code=RULE).pk}")
    assert ledger.status_code == 200 and missing[0].student.email.encode() in ledger.content
    sent = Sent.objects.first()
    change = admin_client.get(f"/admin/reminders/sent/{sent.pk}/change/")
    assert change.status_code == 200 and b'name="_save"' not in change.content
