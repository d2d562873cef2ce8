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
from ..selectors.applications import document_checklist
from .applications import _check_owner, _now
from .eligibility import refresh_summary
from .errors import ApplicationError, DeadlinePassed


def check_documents_open(application, *, by, now=None):
    _check_owner(application, by)
    now = _now(now)
    if not application.is_open:
        raise ApplicationError(_("Documents can no longer be changed for this application."))
    if application.is_late_draft(now):
        raise DeadlinePassed(
            _(
                "The application deadline (%(deadline)s) has passed: this draft can no longer be submitted, so its documents cannot be changed."
            )
            % {"deadline": paris(application.call.application_deadline)}
        )
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


def _review(document, *, accepted, reason, by, now):
    """Store one check; None when it changes nothing (the same outcome saved again)."""
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
        return None
    document.status = new_status
    document.reason = reason
    document.reviewed_by = by
    document.reviewed_at = now
    document.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    return document


@transaction.atomic
def review_documents(application, reviews, *, by, now=None, notify=True) -> list[ApplicationDocument]:
    """Staff accept or reject documents of one application — `reviews` is (document, accepted, reason)
    triples, one save of its page; a rejection says why. The student gets one email for the save,
    listing every document's outcome, not one email per document. Returns the documents changed."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff check documents."))
    now = _now(now)
    checked = [
        _review(d, accepted=accepted, reason=reason, by=by, now=now) for d, accepted, reason in reviews
    ]
    changed = [document for document in checked if document is not None]
    if not changed:
        return changed
    application = Application.objects.select_related("student", "call").get(pk=application.pk)
    refresh_summary(application)
    if notify:
        checklist = document_checklist(application)
        send_templated_email(
            application.student,
            DOCUMENT_EMAIL,
            {
                "application": application,
                "checked": changed,
                "rejected": [d for d in changed if d.is_rejected],
                "checklist": checklist,
                "url": reverse("mobility:application", args=[application.pk]),
                "documents_deadline": application.call.documents_deadline,
                "deadline_passed": now > application.call.documents_deadline,
                "still_missing": [
                    i.requirement.name for i in checklist if i.requirement.required and i.missing
                ],
            },
        )
    return changed


def review_document(document, *, accepted: bool, reason="", by, now=None, notify=True) -> ApplicationDocument:
    """Staff accept or reject one document (`review_documents` with one check)."""
    review_documents(document.application, [(document, accepted, reason)], by=by, now=now, notify=notify)
    return ApplicationDocument.objects.get(pk=document.pk)
