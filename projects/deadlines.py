"""The deadlines projects register with the one reminder mechanism (`reminders` app): IRO staff are
told of a report to the national agency not yet submitted 30 days before its deadline, and of a
deliverable not yet delivered 14 days before its due date. Only for projects the office manages;
staff change the timing (or add a repeat) in the admin (Reminders › rules)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, office_staff, register

from .models import AgencyReport, Deliverable, DeliverableStatus

REPORT_DUE = "projects.report_due"
DELIVERABLE_DUE = "projects.deliverable_due"


def _outstanding_reports(now):
    return (
        AgencyReport.objects.outstanding().filter(project__managed_by_office=True).select_related("project")
    )


def _open_deliverables(now):
    return (
        Deliverable.objects.exclude(status=DeliverableStatus.DELIVERED)
        .filter(project__managed_by_office=True)
        .select_related("project", "work_package")
    )


def register_all():
    register(
        Reminder(
            code=REPORT_DUE,
            name=_("Staff: report to the national agency not submitted, 30 days before its deadline"),
            candidates=_outstanding_reports,
            deadline="deadline",
            recipients=office_staff,
            template="projects/email/report_due",
            link=lambda report: reverse("admin:projects_agencyreport_change", args=[report.pk]),
            context=lambda report: {"report": report, "project": report.project},
            offset=datetime.timedelta(days=30),
        )
    )
    register(
        Reminder(
            code=DELIVERABLE_DUE,
            name=_("Staff: project deliverable not delivered, 14 days before its due date"),
            candidates=_open_deliverables,
            deadline="due_on",
            deadline_is_date=True,
            recipients=office_staff,
            template="projects/email/deliverable_due",
            link=lambda deliverable: reverse("admin:projects_deliverable_change", args=[deliverable.pk]),
            context=lambda deliverable: {"deliverable": deliverable, "project": deliverable.project},
            offset=datetime.timedelta(days=14),
        )
    )
