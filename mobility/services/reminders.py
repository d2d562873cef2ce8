"""The reminders mobility registers with the one reminder mechanism (`reminders` app): what each
chases, for whom, with which email. Staff change the timing in the admin (Reminders › rules)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, register

from ..models import Application, Status
from ..selectors.applications import missing_required_documents

DOCUMENTS_MISSING = "mobility.documents_missing"
DOCUMENTS_MISSING_WEEKLY = "mobility.documents_missing_weekly"
DRAFT_7_DAYS = "mobility.draft_7_days"
DRAFT_1_DAY = "mobility.draft_1_day"
WEEK = datetime.timedelta(days=7)


def _documents_missing_candidates(now):
    return (
        Application.objects.filter(
            status__in=[Status.SUBMITTED, Status.UNDER_REVIEW], missing_documents__gt=0
        )
        .select_related("call", "student")
        .prefetch_related("call__document_requirements", "documents")
    )


def _weekly_candidates(now):
    """Missing documents, submitted at least a week ago (the submission email already lists them),
    until the last week before the deadline (where the reminder before the deadline takes over)."""
    return _documents_missing_candidates(now).filter(
        submitted_at__lte=now - WEEK, call__documents_deadline__gt=now + WEEK
    )


def _documents_missing_context(application):
    missing = missing_required_documents(application)
    if not missing:
        return None
    return {
        "application": application,
        "call": application.call,
        "missing": [r.name for r in missing],
        "documents_deadline": application.call.documents_deadline,
    }


def _drafts(now):
    return Application.objects.filter(status=Status.DRAFT).select_related("call", "student")


def _documents_link(application):
    return reverse("mobility:step", args=[application.pk, "documents"])


def _student(application):
    return [application.student]


def _draft_context(application):
    return {"application": application, "call": application.call}


def register_all():
    documents = {
        "candidates": _documents_missing_candidates,
        "deadline": "call__documents_deadline",
        "recipients": _student,
        "template": "mobility/email/documents_reminder",
        "link": _documents_link,
        "context": _documents_missing_context,
    }
    register(
        Reminder(
            code=DOCUMENTS_MISSING,
            name=_("Student: required documents missing, before the documents deadline"),
            offset=datetime.timedelta(days=3),
            **documents,
        )
    )
    register(
        Reminder(
            code=DOCUMENTS_MISSING_WEEKLY,
            name=_("Student: required documents missing, every week while missing"),
            offset=datetime.timedelta(days=365),
            repeat=WEEK,
            **{**documents, "candidates": _weekly_candidates},
        )
    )
    draft = {
        "candidates": _drafts,
        "deadline": "call__application_deadline",
        "recipients": _student,
        "template": "mobility/email/draft_reminder",
        "link": lambda application: reverse("mobility:review", args=[application.pk]),
        "context": _draft_context,
    }
    register(
        Reminder(
            code=DRAFT_7_DAYS,
            name=_("Student: draft not submitted, 7 days before the application deadline"),
            offset=datetime.timedelta(days=7),
            **draft,
        )
    )
    register(
        Reminder(
            code=DRAFT_1_DAY,
            name=_("Student: draft not submitted, 1 day before the application deadline"),
            offset=datetime.timedelta(days=1),
            **draft,
        )
    )
