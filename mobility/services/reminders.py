"""The reminders mobility registers with the one reminder mechanism (`reminders` app): what each
chases, for whom, with which email. Staff change the timing in the admin (Reminders › rules)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, register

from ..models import Application, Status
from ..selectors.applications import missing_required_documents

DOCUMENTS_MISSING = "mobility.documents_missing"


def _documents_missing_candidates():
    return (
        Application.objects.filter(
            status__in=[Status.SUBMITTED, Status.UNDER_REVIEW], missing_documents__gt=0
        )
        .select_related("call", "student")
        .prefetch_related("call__document_requirements", "documents")
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


def register_all():
    register(
        Reminder(
            code=DOCUMENTS_MISSING,
            name=_("Student: required documents missing, before the documents deadline"),
            candidates=_documents_missing_candidates,
            deadline="call__documents_deadline",
            recipients=lambda application: [application.student],
            template="mobility/email/documents_reminder",
            link=lambda application: reverse("mobility:step", args=[application.pk, "documents"]),
            offset=datetime.timedelta(days=3),
            context=_documents_missing_context,
        )
    )
