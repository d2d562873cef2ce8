"""The documents of applications: students upload and delete them, staff check them (the reminder of
what is missing is registered in services/reminders.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.emails import send_templated_email
from core.files import validate_upload
from core.templatetags.paris_time import paris

from ..models import Application, ApplicationDocument, DocumentStatus
from ..rules import is_decider
from ..selectors.applications import missing_required_documents
from .applications import _check_owner, _now
from .eligibility import refresh_summary
from .errors import ApplicationError, DeadlinePassed


def check_documents_open(application, *, by, now=None):
    _check_owner(application, by)
    now = _now(now)
    if not application.is_open:
        raise ApplicationError(_("Documents can no longer be changed for this application."))
    if now > application.call.documents_deadline:
        raise DeadlinePassed(
            _(
                "The documents deadline was %(deadline)s: documents received after the deadline are not processed."
            )
            % {"deadline": paris(application.call.documents_deadline)}
        )


@transaction.atomic
def upload_document(application, requirement, uploaded_file, *, by, now=None) -> ApplicationDocument:
    """Add or replace the file for one required document (checked by its content)."""
    now = _now(now)
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if requirement.call_id != application.call_id:
        raise ApplicationError(_("This document is not asked for by this call."))
    check_documents_open(application, by=by, now=now)
    try:
        kind = validate_upload(
            uploaded_file, allowed_kinds=requirement.kinds, max_bytes=requirement.max_bytes
        )
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    original_name = (uploaded_file.name or "document").rsplit("/", 1)[-1][:255]
    document = ApplicationDocument.objects.filter(application=application, requirement=requirement).first()
    old_file = document.file.name if document else None
    if document is None:
        document = ApplicationDocument(application=application, requirement=requirement)
    document.original_name = original_name
    document.kind = kind
    document.size = uploaded_file.size
    document.uploaded_at = now
    document.status = DocumentStatus.PENDING
    document.reason = ""
    document.reviewed_by = None
    document.reviewed_at = None
    uploaded_file.seek(0)
    document.file.save(original_name, uploaded_file, save=False)
    document.save()
    if old_file:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    refresh_summary(application)
    return document


@transaction.atomic
def delete_document(document, *, by, now=None) -> None:
    application = document.application
    check_documents_open(application, by=by, now=now)
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    refresh_summary(application)


DOCUMENT_EMAIL = "mobility/email/document_reviewed"


@transaction.atomic
def review_document(document, *, accepted: bool, reason="", by, now=None, notify=True) -> ApplicationDocument:
    """Staff accept or reject one document; a rejection says why. The student is emailed."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff check documents."))
    reason = (reason or "").strip()
    if not accepted and not reason:
        raise ApplicationError(_("Say why the document is rejected: the student needs to know what to fix."))
    document = (
        ApplicationDocument.objects.select_for_update()
        .select_related("application__student", "application__call", "requirement")
        .get(pk=document.pk)
    )
    new_status = DocumentStatus.ACCEPTED if accepted else DocumentStatus.REJECTED
    if document.status == new_status and document.reason == reason:
        return document
    document.status = new_status
    document.reason = reason
    document.reviewed_by = by
    document.reviewed_at = _now(now)
    document.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    refresh_summary(document.application)
    application = document.application
    if not notify:
        return document
    send_templated_email(
        application.student,
        DOCUMENT_EMAIL,
        {
            "application": application,
            "document": document,
            "accepted": accepted,
            "reason": reason,
            "url": reverse("mobility:application", args=[application.pk]),
            "documents_deadline": application.call.documents_deadline,
            "deadline_passed": _now(now) > application.call.documents_deadline,
            "still_missing": [r.name for r in missing_required_documents(application)],
        },
    )
    return document
