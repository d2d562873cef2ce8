"""Staff are reminded of a report owed to the national agency, and of a deliverable, before the
deadline (reminders app): once, and never for what is already done."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from projects import services
from projects.deadlines import DELIVERABLE_DUE, REPORT_DUE
from projects.models import AgencyReport, Deliverable, Project, ReportKind
from reminders.models import Sent
from reminders.services import run_reminders
from tests.factories import StaffFactory, StudentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(now, code=REPORT_DUE):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)[code]

    return run


@pytest.fixture
def project():
    return Project.objects.create(
        acronym="IDEAL4PREPAREDNESS", slug="ideal4preparedness", title="IDEAL4", summary="s", start_year=2025
    )


def test_staff_are_reminded_once_of_a_report_due_in_30_days(sweep, project, mailoutbox):
    staff = StaffFactory(language="fr")
    other = StaffFactory()
    StudentFactory()
    report = AgencyReport.objects.create(
        project=project, kind=ReportKind.INTERIM, deadline=at(2027, 4, 30, 23, 59)
    )

    assert sweep(at(2027, 3, 31, 9)) == 0  # more than 30 days before
    assert sweep(at(2027, 4, 1, 9)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, other.email])
    french = next(m for m in mailoutbox if m.to == [staff.email])
    assert "IDEAL4PREPAREDNESS" in french.subject and "Rapport intermédiaire" in french.subject
    assert "30 avril 2027" in french.body
    english = next(m for m in mailoutbox if m.to == [other.email])
    assert "Interim report of IDEAL4PREPAREDNESS: due to the national agency by 30 April 2027" in " ".join(
        english.body.split()
    )
    assert f"/admin/projects/agencyreport/{report.pk}/change/" in english.body
    assert sweep(at(2027, 4, 2, 9)) == 0  # not twice
    assert sweep(at(2027, 4, 29, 9)) == 0
    assert Sent.objects.filter(rule__code=REPORT_DUE).count() == 2


def test_no_reminder_for_a_submitted_report_nor_a_project_the_office_does_not_manage(
    sweep, project, mailoutbox
):
    StaffFactory()
    report = AgencyReport.objects.create(project=project, kind=ReportKind.FINAL, deadline=at(2027, 4, 30, 12))
    services.mark_submitted([report], by=None, at=at(2027, 3, 20, 10))
    elsewhere = Project.objects.create(
        acronym="OTHER", slug="other", title="Other", summary="s", start_year=2025, managed_by_office=False
    )
    AgencyReport.objects.create(project=elsewhere, kind=ReportKind.FINAL, deadline=at(2027, 4, 30, 12))
    assert sweep(at(2027, 4, 10, 9)) == 0
    assert mailoutbox == []


def test_staff_are_reminded_of_a_deliverable_14_days_before_it_is_due_until_it_is_delivered(
    sweep, project, mailoutbox
):
    StaffFactory()
    due = datetime.date(2027, 1, 31)
    open_one = Deliverable.objects.create(
        project=project, code="D3.1", title="Outbreak scenarios", due_on=due
    )
    done = Deliverable.objects.create(project=project, code="D2.1", title="Common curriculum", due_on=due)
    services.mark_delivered([done], by=None, on=datetime.date(2027, 1, 10))

    assert sweep(at(2027, 1, 17, 9), DELIVERABLE_DUE) == 0  # 15 days before
    assert sweep(at(2027, 1, 18, 9), DELIVERABLE_DUE) == 1
    (mail,) = mailoutbox
    assert "D3.1" in mail.subject and "Outbreak scenarios" in mail.body and "31 January 2027" in mail.body
    assert f"/admin/projects/deliverable/{open_one.pk}/change/" in mail.body
    assert sweep(at(2027, 1, 25, 9), DELIVERABLE_DUE) == 0
