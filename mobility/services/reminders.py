"""The reminders mobility registers with the one reminder mechanism (`reminders` app): what each
chases, for whom, with which email. Staff change the timing in the admin (Reminders › rules), for every call or for one."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, register

from ..models import Application, Nomination, NominationStatus, Status
from ..selectors.applications import missing_required_documents

DOCUMENTS_MISSING = "mobility.documents_missing"
DOCUMENTS_MISSING_WEEKLY = "mobility.documents_missing_weekly"
DRAFT_7_DAYS = "mobility.draft_7_days"
DRAFT_1_DAY = "mobility.draft_1_day"
NOMINEE_NOT_STARTED = "mobility.nominee_not_started"
NOMINEE_DRAFT_7_DAYS = "mobility.nominee_draft_7_days"
NOMINEE_DRAFT_1_DAY = "mobility.nominee_draft_1_day"
CONFIRMATION = "mobility.confirmation_3_days"
OFFER_REPLY = "mobility.offer_reply_1_day"
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
    """Students' own drafts (a nominee's draft has its own reminder, copied to the coordinator)."""
    return Application.objects.filter(status=Status.DRAFT, nomination__isnull=True).select_related(
        "call", "student"
    )


def _nominee_drafts(now):
    return Application.objects.filter(
        status=Status.DRAFT, nomination__status=NominationStatus.CLAIMED
    ).select_related("call", "student", "nomination__nominated_by")


def _invited(now):
    return Nomination.objects.filter(status=NominationStatus.INVITED).select_related("call", "nominated_by")


def _accepted(now):
    return Application.objects.filter(
        status=Status.ACCEPTED, offer_expires_at__isnull=True, call__confirmation_deadline__isnull=False
    ).select_related("call", "student")


def _offered_from_waiting_list(now):
    """Places offered from the waiting list: their own, shorter deadline."""
    return Application.objects.filter(status=Status.ACCEPTED, offer_expires_at__isnull=False).select_related(
        "call", "student"
    )


def _documents_link(application):
    return reverse("mobility:step", args=[application.pk, "documents"])


def _student(application):
    return [application.student]


def _draft_context(application):
    return {"application": application, "call": application.call}


# Staff time each of these per call (Reminders › rules › a rule › timings for a call).
PER_CALL = {"scope": "call", "scope_field": "call"}


def register_all():
    documents = {
        **PER_CALL,
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
        **PER_CALL,
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

    nominee_draft = {
        **draft,
        "candidates": _nominee_drafts,
        "template": "mobility/email/nominee_draft_reminder",
        "copy": lambda application: [application.nomination.nominated_by],
    }
    register(
        Reminder(
            code=NOMINEE_DRAFT_7_DAYS,
            name=_(
                "Nominee: draft not submitted, 7 days before the application deadline (copy to the coordinator)"
            ),
            offset=datetime.timedelta(days=7),
            **nominee_draft,
        )
    )
    register(
        Reminder(
            code=NOMINEE_DRAFT_1_DAY,
            name=_(
                "Nominee: draft not submitted, 1 day before the application deadline (copy to the coordinator)"
            ),
            offset=datetime.timedelta(days=1),
            **nominee_draft,
        )
    )
    register(
        Reminder(
            code=NOMINEE_NOT_STARTED,
            name=_("Nominee: invited, application not started, 7 days before the application deadline"),
            candidates=_invited,
            deadline="call__application_deadline",
            recipients=lambda nomination: [nomination.nominated_by],
            address=lambda nomination: (nomination.email, nomination.language),
            template="mobility/email/nominee_not_started",
            link=lambda nomination: reverse("mobility:nomination_invitation", args=[nomination.token]),
            context=lambda nomination: {"nomination": nomination, "call": nomination.call},
            offset=datetime.timedelta(days=7),
            **PER_CALL,
        )
    )
    register(
        Reminder(
            code=CONFIRMATION,
            name=_("Student: accepted place not confirmed, 3 days before the confirmation deadline"),
            candidates=_accepted,
            deadline="call__confirmation_deadline",
            recipients=_student,
            template="mobility/email/confirmation_reminder",
            link=lambda application: reverse("mobility:application", args=[application.pk]),
            context=_draft_context,
            offset=datetime.timedelta(days=3),
            **PER_CALL,
        )
    )
    register(
        Reminder(
            code=OFFER_REPLY,
            name=_(
                "Student: place offered from the waiting list not confirmed, 1 day before its reply deadline"
            ),
            candidates=_offered_from_waiting_list,
            deadline="offer_expires_at",
            recipients=_student,
            template="mobility/email/confirmation_reminder",
            link=lambda application: reverse("mobility:application", args=[application.pk]),
            context=_draft_context,
            offset=datetime.timedelta(days=1),
        )
    )

    from .staff_reminders import register_all as register_staff_reminders

    register_staff_reminders()
