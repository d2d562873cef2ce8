"""The retention sweep: `now` moved past each period deletes files from storage, anonymises what
statistics need, respects legal holds, records counts only, and changes nothing the second time."""

import datetime
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Attachment, Email

from core.models import FileAccess
from mobility.models import AcceptanceLetter, Application, ApplicationDocument, MobilityRecord
from privacy import services
from privacy.anonymise import ERASED
from privacy.models import InactivityWarning, RetentionRun
from summerschool.models import Payment, Registration

from .conftest import key_figures, stored

pytestmark = pytest.mark.django_db


def test_nothing_is_due_today(world):
    run = services.apply_retention(now=timezone.now())
    # Only the past years' imported records lose their names, and the inactive account is warned.
    assert run.counts == {
        **dict.fromkeys(run.counts, 0),
        "mobility_records": 3,
        "inactive_accounts_warned": 1,
    }
    assert stored(world["rejected_doc"].file)


def test_rejected_application_documents_go_after_six_months_and_a_hold_keeps_them(world):
    now = timezone.now() + relativedelta(months=6, days=1)
    run = services.apply_retention(now=now)

    assert run.counts["closed_applications"] == 1
    assert not stored(world["rejected_doc"].file), "the file must be deleted from storage, not only the row"
    assert not ApplicationDocument.objects.filter(application=world["rejected"]).exists()
    rejected = Application.objects.get(pk=world["rejected"].pk)
    assert rejected.date_of_birth is None and rejected.motivation == "" and rejected.student_number == ""
    assert rejected.status == "rejected"  # the outcome stays

    # Under a legal hold: untouched.
    assert stored(world["held_doc"].file)
    assert Application.objects.get(pk=world["held"].pk).motivation

    # The mobility that has not ended is untouched too.
    assert stored(world["done_doc"].file) and stored(world["done_letter"].file)

    # Lifting the hold lets the next run apply the period.
    services.lift_hold(world["hold"])
    again = services.apply_retention(now=now)
    assert again.counts["closed_applications"] == 1
    assert not stored(world["held_doc"].file)


def test_completed_mobility_after_twelve_months_key_figures_unchanged(world, client):
    before = key_figures(client)
    now = timezone.make_aware(
        datetime.datetime.combine(world["done_end"], datetime.time(12))
    ) + relativedelta(months=12, days=1)
    run = services.apply_retention(now=now)

    assert run.counts["mobility_documents"] == 1
    assert not stored(world["done_doc"].file)
    assert not stored(world["done_letter"].file)
    assert AcceptanceLetter.objects.get(pk=world["done_letter"].pk).file.name == ""
    # Every record (the application's and the imported ones) stays, without a name.
    assert MobilityRecord.objects.count() == 4
    assert set(MobilityRecord.objects.values_list("student_name", flat=True)) == {ERASED}
    assert run.counts["mobility_records"] == 4
    assert AcceptanceLetter.objects.filter(pk=world["done_letter"].pk).exists()
    assert key_figures(client) == before


def test_summer_school_cv_after_six_months_address_kept_with_payments(world):
    now = timezone.now() + relativedelta(months=6, days=1)
    services.apply_retention(now=now)
    paid = Registration.objects.get(pk=world["paid"].pk)
    unpaid = Registration.objects.get(pk=world["unpaid"].pk)
    assert not stored(world["paid"].cv) and not stored(world["unpaid"].cv)
    assert paid.cv.name == "" and paid.motivation == ""
    assert paid.address, "printed on a receipt kept 10 years"
    assert unpaid.address == ""
    # Certificates stay: they are verified publicly by their code.
    assert stored(world["certificate"].pdf)


def test_payments_ten_years_then_the_address_goes(world):
    services.apply_retention(now=timezone.now() + relativedelta(years=9, months=9))
    assert Registration.objects.get(pk=world["paid"].pk).address
    run = services.apply_retention(now=timezone.now() + relativedelta(years=10, months=1))
    assert run.counts["payments"] == 1
    assert Registration.objects.get(pk=world["paid"].pk).address == ""
    assert Payment.objects.filter(pk=world["payment"].pk).exists()  # the amount and date stay


def test_emails_and_their_attachments_and_the_download_trail_after_a_year(world):
    Email.objects.update(status=0)  # sent
    old = set(Email.objects.values_list("pk", flat=True))
    attachment = Attachment.objects.get()
    assert stored(attachment.file)
    run = services.apply_retention(now=timezone.now() + relativedelta(months=12, days=1))
    assert run.counts["emails"] >= 1
    assert not Email.objects.filter(pk__in=old).exists()  # (the run's own warnings are new)
    assert not Attachment.objects.exists() and not stored(attachment.file)
    assert not FileAccess.objects.exists()


def test_inactive_account_warned_then_deleted(world, mailoutbox):
    inactive = world["inactive"]
    now = timezone.now()
    run = services.apply_retention(now=now)
    assert run.counts["inactive_accounts_warned"] == 1
    warning = Email.objects.filter(to__icontains=inactive.email).get()
    assert "deleted" in warning.subject
    assert InactivityWarning.objects.filter(user=inactive).exists()

    # Within the grace period nothing is deleted.
    assert (
        services.apply_retention(now=now + datetime.timedelta(days=10)).counts["inactive_accounts_deleted"]
        == 0
    )
    later = services.apply_retention(now=now + datetime.timedelta(days=31))
    assert later.counts["inactive_accounts_deleted"] == 1
    from accounts.models import User

    assert not User.objects.filter(email=inactive.email).exists()
    assert User.objects.filter(pk=world["active"].pk, is_active=True).exists()


def test_logging_in_again_cancels_the_warning(world):
    inactive = world["inactive"]
    now = timezone.now()
    services.apply_retention(now=now)
    type(inactive).objects.filter(pk=inactive.pk).update(last_login=now + datetime.timedelta(days=2))
    run = services.apply_retention(now=now + datetime.timedelta(days=40))
    assert run.counts["inactive_accounts_deleted"] == 0
    assert not InactivityWarning.objects.filter(user=inactive).exists()
    assert type(inactive).objects.filter(pk=inactive.pk, is_active=True).exists()


def test_a_second_run_is_a_no_op_and_runs_record_counts_only(world):
    now = timezone.make_aware(
        datetime.datetime.combine(world["done_end"], datetime.time(12))
    ) + relativedelta(months=13)
    Email.objects.update(status=0)
    services.apply_retention(now=now - datetime.timedelta(days=40))  # warns
    first = services.apply_retention(now=now)
    assert first.total > 0
    second = services.apply_retention(now=now)
    assert second.total == 0, second.counts
    # What a run records: counts per category, never names, addresses or file names.
    text = str(first.counts)
    for person in (world["rejected"].student, world["paid"].participant):
        assert person.last_name not in text and person.email not in text


def test_dry_run_changes_nothing_and_says_what_a_run_would_do(world):
    now = timezone.now() + relativedelta(months=6, days=1)
    dry = services.apply_retention(now=now, dry_run=True)
    assert dry.dry_run and dry.counts["closed_applications"] == 1
    assert stored(world["rejected_doc"].file)
    assert ApplicationDocument.objects.filter(application=world["rejected"]).exists()
    assert not InactivityWarning.objects.exists()
    real = services.apply_retention(now=now)
    assert real.counts["closed_applications"] == dry.counts["closed_applications"]


def test_management_command_with_now_and_dry_run(world):
    out = StringIO()
    when = (timezone.now() + relativedelta(months=7)).isoformat()
    call_command("apply_retention", "--dry-run", "--now", when, stdout=out)
    assert "closed_applications: 1" in out.getvalue()
    assert stored(world["rejected_doc"].file)
    call_command("apply_retention", "--now", when, stdout=StringIO())
    assert not stored(world["rejected_doc"].file)
    assert RetentionRun.objects.filter(trigger="command").count() == 2


def test_beat_schedule_is_registered(db):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="privacy.apply_retention", enabled=True).exists()


def test_deleting_an_inactive_former_student_keeps_the_key_figures(world, client):
    before = key_figures(client)
    student = world["done"].student
    end = timezone.make_aware(datetime.datetime.combine(world["done_end"], datetime.time(12)))
    type(student).objects.filter(pk=student.pk).update(last_login=end)
    now = end + relativedelta(years=3, days=1)
    services.apply_retention(now=now)
    run = services.apply_retention(now=now + datetime.timedelta(days=31))
    assert run.counts["inactive_accounts_deleted"] >= 1
    assert not type(student).objects.filter(pk=student.pk).exists()
    assert not stored(world["done_doc"].file) and not stored(world["done_letter"].file)
    assert MobilityRecord.objects.count() == 4
    assert key_figures(client) == before
