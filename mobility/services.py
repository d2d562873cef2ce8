"""Every change to calls' applications: drafts, submission, documents, decisions.

Views, admin actions and tasks call these functions and nothing else changes an application.
Functions that depend on a deadline take `now=None` (default `timezone.now()`) so tests can
stand on the exact second.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.emails import send_templated_email
from core.files import validate_upload
from core.workflow import InvalidTransition
from partners.models import Agreement

from .models import (
    APPLICATION_MACHINE,
    DECIDED_STATES,
    OPEN_STATES,
    SEAT_STATES,
    STUDENT_MOVES,
    Application,
    ApplicationDocument,
    ApplicationTransition,
    Call,
    CriterionAssessment,
    CriterionCheck,
    DocumentStatus,
    Eligibility,
    EligibilityFlag,
    Recommendation,
    Status,
)
from .rules import is_decider, supervises
from .signals import application_transitioned

MIN_MOTIVATION_CHARS = 200


class ApplicationError(Exception):
    """A refusal a person understands (shown as is to students and staff)."""

    def __init__(self, message, problems=()):
        self.message = str(message)
        self.problems = list(problems)
        super().__init__(self.message)


class DeadlinePassed(ApplicationError):
    pass


class Incomplete(ApplicationError):
    pass


class NotNominated(ApplicationError):
    """An incoming call: students only get in through their home university's nomination."""


def paris(dt):
    """'1 November 2026, 23:59 Paris time' in the active language."""
    local = timezone.localtime(dt)
    return _("%(date)s, %(time)s Paris time") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


def _now(now):
    return now or timezone.now()


# --- Eligibility ---------------------------------------------------------------------------


@dataclass
class CriterionResult:
    criterion: object
    result: str
    detail: str = ""

    @property
    def label(self):
        return Eligibility(self.result).label


def evaluate_eligibility(application) -> list[CriterionResult]:
    """Each criterion of the call as met / not met / to be checked by staff, with why.

    Works on prefetched `call.criteria`, `documents` and `assessments` (no query per criterion).
    """
    call = application.call
    documents = {d.requirement_id: d for d in application.documents.all()}
    assessments = {a.criterion_id: a for a in application.assessments.all()}
    declared = set(application.declarations or [])
    results = []
    for criterion in call.criteria.all():
        assessment = assessments.get(criterion.pk)
        if assessment is not None:
            results.append(
                CriterionResult(criterion, assessment.result, assessment.note or _("Checked by staff."))
            )
            continue
        check = criterion.checked_by
        if check == CriterionCheck.STUDY_YEAR:
            if not application.study_year:
                results.append(
                    CriterionResult(criterion, Eligibility.NOT_MET, _("Study year not given yet."))
                )
            elif call.study_year_min <= application.study_year <= call.study_year_max:
                results.append(
                    CriterionResult(
                        criterion,
                        Eligibility.MET,
                        _("Year %(y)s is within years %(range)s.")
                        % {"y": application.study_year, "range": call.study_years_display},
                    )
                )
            else:
                results.append(
                    CriterionResult(
                        criterion,
                        Eligibility.NOT_MET,
                        _("Year %(y)s is outside years %(range)s.")
                        % {"y": application.study_year, "range": call.study_years_display},
                    )
                )
        elif check == CriterionCheck.DOCUMENT:
            doc = documents.get(criterion.document_id)
            if doc is None:
                results.append(
                    CriterionResult(criterion, Eligibility.NOT_MET, _("Document not uploaded yet."))
                )
            elif doc.status == DocumentStatus.ACCEPTED:
                results.append(CriterionResult(criterion, Eligibility.MET, _("Document accepted.")))
            elif doc.status == DocumentStatus.REJECTED:
                results.append(
                    CriterionResult(
                        criterion, Eligibility.NOT_MET, _("Document rejected: %(r)s") % {"r": doc.reason}
                    )
                )
            else:
                results.append(
                    CriterionResult(criterion, Eligibility.TO_CHECK, _("Document received, to be checked."))
                )
        elif check == CriterionCheck.DECLARATION:
            if criterion.pk in declared:
                results.append(
                    CriterionResult(
                        criterion, Eligibility.TO_CHECK, _("Declared by the student, to be checked.")
                    )
                )
            else:
                results.append(CriterionResult(criterion, Eligibility.NOT_MET, _("Not declared.")))
        else:
            results.append(CriterionResult(criterion, Eligibility.TO_CHECK, _("The office checks this.")))
    return results


def overall_eligibility(results) -> str:
    if any(r.result == Eligibility.NOT_MET for r in results):
        return Eligibility.NOT_MET
    if any(r.result == Eligibility.TO_CHECK for r in results):
        return Eligibility.TO_CHECK
    return Eligibility.MET


@dataclass
class ChecklistItem:
    requirement: object
    document: object | None

    @property
    def missing(self):
        return self.document is None or self.document.status == DocumentStatus.REJECTED

    @property
    def state(self):
        if self.document is None:
            return "missing"
        return self.document.status


def document_checklist(application) -> list[ChecklistItem]:
    documents = {d.requirement_id: d for d in application.documents.all()}
    return [ChecklistItem(req, documents.get(req.pk)) for req in application.call.document_requirements.all()]


def missing_required_documents(application) -> list:
    return [
        item.requirement
        for item in document_checklist(application)
        if item.requirement.required and item.missing
    ]


def refresh_summary(application) -> None:
    """Store the eligibility (overall and per criterion) and the missing-document count, which the
    admin filters on."""
    application = (
        Application.objects.select_related("call")
        .prefetch_related("call__criteria", "call__document_requirements", "documents", "assessments")
        .get(pk=application.pk)
    )
    results = evaluate_eligibility(application)
    eligibility = overall_eligibility(results)
    missing = len(missing_required_documents(application))
    Application.objects.filter(pk=application.pk).update(eligibility=eligibility, missing_documents=missing)
    application.eligibility_flags.all().delete()
    EligibilityFlag.objects.bulk_create(
        EligibilityFlag(application=application, criterion=r.criterion, result=r.result)
        for r in results
        if r.result != Eligibility.MET
    )


def refresh_call_summaries(call) -> None:
    """After staff change a call's criteria or documents, recompute its applications' summaries."""
    for application in call.applications.exclude(status__in=[Status.WITHDRAWN, Status.REJECTED]).only("pk"):
        refresh_summary(application)


# --- Drafts --------------------------------------------------------------------------------


def _check_owner(application, by):
    if by is None or application.student_id != by.pk:
        raise PermissionDenied


def check_draft_editable(application, *, by, now=None):
    _check_owner(application, by)
    now = _now(now)
    if application.status != Status.DRAFT:
        raise ApplicationError(
            _("This application was submitted: it can no longer be changed, except its documents.")
        )
    if now > application.call.application_deadline:
        raise DeadlinePassed(
            _(
                "The application deadline (%(deadline)s) has passed: this draft can no longer be changed or submitted."
            )
            % {"deadline": paris(application.call.application_deadline)}
        )


@transaction.atomic
def start_application(call: Call, student, *, now=None) -> Application:
    """The student's draft for this call (created once, whatever the number of clicks)."""
    now = _now(now)
    existing = Application.objects.filter(call=call, student=student).first()
    if existing is not None:
        return existing
    if not student.is_student:
        raise ApplicationError(_("Only students apply to calls."))
    if call.direction != "outgoing":
        raise NotNominated(
            _(
                "Incoming students apply through their home university, which nominates them: you then receive an invitation by email."
            )
        )
    if not call.is_published or now < call.opens_at:
        raise ApplicationError(_("This call opens on %(opens)s.") % {"opens": paris(call.opens_at)})
    if now > call.application_deadline:
        raise DeadlinePassed(
            _("The application deadline (%(deadline)s) has passed.")
            % {"deadline": paris(call.application_deadline)}
        )
    application, _created = Application.objects.get_or_create(
        call=call,
        student=student,
        defaults={
            "direction": call.direction,
            "first_name": student.first_name,
            "last_name": student.last_name,
        },
    )
    refresh_summary(application)
    application.refresh_from_db()
    return application


@transaction.atomic
def save_draft(application, *, by, data: dict, now=None) -> Application:
    """Save one step of the form (a dict of Application fields)."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    check_draft_editable(application, by=by, now=now)
    editable = {
        "first_name", "last_name", "date_of_birth", "nationality", "phone", "student_number",
        "study_year", "home_institution", "good_standing", "motivation", "declarations",
    }  # fmt: skip
    for field, value in data.items():
        if field not in editable:
            raise ValueError(f"{field} is not a field of the application form")
        setattr(application, field, value)
    application.full_clean(exclude=["call", "student"], validate_unique=False)
    application.save()
    if "study_year" in data:
        # Preferences that no longer fit the study year are dropped.
        year = application.study_year
        if year:
            application.preferences.exclude(
                agreement__study_year_min__lte=year, agreement__study_year_max__gte=year
            ).delete()
            _renumber(application)
    refresh_summary(application)
    return application


def _renumber(application):
    prefs = list(application.preferences.order_by("rank"))
    for i, pref in enumerate(prefs, start=1):
        if pref.rank != i:
            pref.rank = 100 + i
            pref.save(update_fields=["rank"])
    for i, pref in enumerate(prefs, start=1):
        if pref.rank != i:
            pref.rank = i
            pref.save(update_fields=["rank"])


@transaction.atomic
def set_preferences(application, *, by, agreements: list, now=None) -> Application:
    """Replace the ranked preferences (first = first choice)."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    check_draft_editable(application, by=by, now=now)
    if application.direction != "outgoing":
        raise ApplicationError(
            _("Incoming students do not choose partners: your home university nominated you.")
        )
    agreements = [a for a in agreements if a is not None]
    if len({a.pk for a in agreements}) != len(agreements):
        raise ApplicationError(_("Each partner can be chosen only once."))
    if len(agreements) > application.call.max_preferences:
        raise ApplicationError(
            _("This call accepts at most %(n)s preferences.") % {"n": application.call.max_preferences}
        )
    allowed = set(application.call.eligible_agreements(application.study_year).values_list("pk", flat=True))
    for agreement in agreements:
        if agreement.pk not in allowed:
            raise ApplicationError(
                _("%(partner)s is not offered to students in year %(year)s by this call.")
                % {"partner": agreement.institution, "year": application.study_year or "?"}
            )
    application.preferences.all().delete()
    for rank, agreement in enumerate(agreements, start=1):
        application.preferences.create(rank=rank, agreement=agreement)
    application.save(update_fields=["updated"])
    return application


def submission_problems(application) -> tuple[list[str], list[str]]:
    """(what blocks the submission, what can still come later), in words for the student."""
    call = application.call
    blocking, later = [], []
    sections = [
        (
            _("Personal details"),
            [
                ("first_name", _("first name")),
                ("last_name", _("last name")),
                ("date_of_birth", _("date of birth")),
                ("nationality", _("nationality")),
            ],
        ),
        (
            _("Academic situation"),
            [
                ("student_number", _("student number")),
                ("study_year", _("study year during the mobility")),
                ("home_institution", _("home institution")),
            ],
        ),
    ]
    for section, fields in sections:
        missing = [str(label) for field, label in fields if not getattr(application, field)]
        if missing:
            blocking.append(
                _("%(section)s: give your %(fields)s.") % {"section": section, "fields": ", ".join(missing)}
            )
    if not application.good_standing:
        blocking.append(_("Academic situation: confirm that you are enrolled and in good standing."))
    prefs = list(application.preferences.all())
    if not prefs:
        blocking.append(_("Preferences: choose at least one partner."))
    if len((application.motivation or "").strip()) < MIN_MOTIVATION_CHARS:
        blocking.append(
            _("Motivation: write at least %(n)s characters (you wrote %(m)s).")
            % {"n": MIN_MOTIVATION_CHARS, "m": len((application.motivation or "").strip())}
        )
    for result in evaluate_eligibility(application):
        check = result.criterion.checked_by
        if result.result != Eligibility.NOT_MET:
            continue
        if check == CriterionCheck.DOCUMENT:
            document = result.criterion.document
            if document is not None and not document.required:
                # An optional document that proves a criterion: say so, it is not in the list below.
                later.append(
                    _("Document “%(name)s” proves “%(c)s”: upload it before %(deadline)s.")
                    % {
                        "name": document.name,
                        "c": result.criterion,
                        "deadline": paris(call.documents_deadline),
                    }
                )
            continue  # required documents are listed below
        if check == CriterionCheck.STUDY_YEAR and not application.study_year:
            continue  # already asked for above
        if check == CriterionCheck.DECLARATION:
            blocking.append(
                _(
                    "Motivation: tick “%(c)s” if it is true for you (this call is only open to students who meet it)."
                )
                % {"c": result.criterion}
            )
        else:
            blocking.append(
                _("Eligibility: “%(c)s” is not met — %(why)s") % {"c": result.criterion, "why": result.detail}
            )
    for requirement in missing_required_documents(application):
        later.append(
            _("Document “%(name)s” is missing: upload it before %(deadline)s.")
            % {"name": requirement.name, "deadline": paris(call.documents_deadline)}
        )
    return blocking, later


# --- Transitions ---------------------------------------------------------------------------


def _check_actor(application, to_state, by):
    if by is None:
        return  # the system itself (tasks); still bound by the table of moves
    if to_state in STUDENT_MOVES and application.student_id == by.pk:
        return
    if is_decider(by):
        if to_state == Status.SUBMITTED:
            raise PermissionDenied(_("Only the student submits their application."))
        return
    raise PermissionDenied(_("You may not change the status of this application."))


def _check_submission(application, now):
    call = application.call
    if now > call.application_deadline:
        raise DeadlinePassed(
            _(
                "The application deadline was %(deadline)s: applications received after it are refused. Your draft is kept as it was."
            )
            % {"deadline": paris(call.application_deadline)}
        )
    if now < call.opens_at:
        raise ApplicationError(_("This call opens on %(opens)s.") % {"opens": paris(call.opens_at)})
    blocking, _later = submission_problems(application)
    if blocking:
        raise Incomplete(_("Your application cannot be submitted yet:"), blocking)


def seats_left(agreement, direction, year) -> int:
    taken = Application.objects.filter(
        allocated_agreement=agreement,
        direction=direction,
        call__academic_year=year,
        status__in=SEAT_STATES,
    ).count()
    return agreement.seats(direction, year) - taken


def _lock_agreement(agreement):
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _check_seat(application, agreement):
    call = application.call
    if not call.agreements.filter(pk=agreement.pk).exists():
        raise ApplicationError(
            _("%(partner)s is not offered by this call.") % {"partner": agreement.institution}
        )
    holds_it = application.status in SEAT_STATES and application.allocated_agreement_id == agreement.pk
    if (
        not holds_it
        and seats_left(_lock_agreement(agreement), application.direction, call.academic_year) <= 0
    ):
        raise ApplicationError(
            _("No seat left at %(partner)s for %(year)s.")
            % {"partner": agreement.institution, "year": call.academic_year_label}
        )


@transaction.atomic
def allocate(application, agreement, *, by) -> Application:
    """Staff give the student a place at one of the call's partners (None takes it back)."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff allocate places."))
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if agreement is not None:
        _check_seat(application, agreement)
    application.allocated_agreement = agreement
    application.save(update_fields=["allocated_agreement", "updated"])
    return application


def _allocate_on_acceptance(application):
    """Accepting without a chosen place gives the best-ranked preference with a seat left."""
    if application.allocated_agreement_id:
        _check_seat(application, application.allocated_agreement)
        return
    for preference in application.preferences.select_related("agreement__institution").order_by("rank"):
        if (
            seats_left(
                _lock_agreement(preference.agreement), application.direction, application.call.academic_year
            )
            > 0
        ):
            application.allocated_agreement = preference.agreement
            return
    if application.call.agreements.exists():
        raise ApplicationError(
            _("No seat is left at any of %(name)s's preferences: choose a place on the application first.")
            % {"name": application.full_name}
        )


STATUS_EMAIL = "mobility/email/status_changed"


@transaction.atomic
def transition(application, to_state, *, by=None, comment="", now=None, notify=True) -> Application:
    """Move an application to `to_state`: the one way any status changes.

    Checks the table of moves and who asks, records who/when/from/to/why and emails the student
    (in their language) once the transaction commits. `by=None` means the system (a task);
    `notify=False` is for imports of past years and demo data only.
    """
    now = _now(now)
    given = application
    application = (
        Application.objects.select_for_update().select_related("call", "student").get(pk=application.pk)
    )
    from_state = application.status
    APPLICATION_MACHINE.check(from_state, to_state, labels=dict(Status.choices))
    _check_actor(application, to_state, by)
    if to_state == Status.SUBMITTED:
        application = (
            Application.objects.select_related("call", "student")
            .prefetch_related(
                "call__criteria", "call__document_requirements", "documents", "assessments", "preferences"
            )
            .get(pk=application.pk)
        )
        _check_submission(application, now)
        application.submitted_at = now
        application.eligibility = overall_eligibility(evaluate_eligibility(application))
        application.missing_documents = len(missing_required_documents(application))
    if to_state == Status.ACCEPTED:
        _allocate_on_acceptance(application)
    if to_state in DECIDED_STATES:
        application.decided_at = now
    application.status = to_state
    application.save(
        update_fields=[
            "status", "submitted_at", "decided_at", "eligibility", "missing_documents",
            "allocated_agreement", "updated",
        ]
    )  # fmt: skip
    record = ApplicationTransition.objects.create(
        application=application, from_state=from_state, to_state=to_state, actor=by, comment=comment
    )
    ApplicationTransition.objects.filter(pk=record.pk).update(at=now)
    application_transitioned.send(
        sender=Application,
        application=application,
        from_state=from_state,
        to_state=to_state,
        by=by,
        comment=comment,
    )
    given.status, given.submitted_at, given.decided_at = (
        to_state,
        application.submitted_at,
        application.decided_at,
    )
    given.allocated_agreement_id = application.allocated_agreement_id
    if not notify:
        return application
    send_templated_email(
        application.student,
        STATUS_EMAIL,
        {
            "application": application,
            "call": application.call,
            "status": to_state,
            "status_label": Status(to_state).label,
            "comment": comment,
            "url": reverse("mobility:application", args=[application.pk]),
            "documents_deadline": application.call.documents_deadline,
        },
    )
    return application


def submit(application, *, by, now=None, notify=True) -> Application:
    return transition(application, Status.SUBMITTED, by=by, now=now, notify=notify)


def safe_transition(application, to_state, *, by, comment="", now=None):
    """For bulk actions: (ok, message) instead of an exception, each in its own savepoint."""
    try:
        with transaction.atomic():
            transition(application, to_state, by=by, comment=comment, now=now)
        return True, ""
    except (InvalidTransition, ApplicationError, PermissionDenied) as exc:
        return False, str(getattr(exc, "message", None) or exc)


# --- Documents -----------------------------------------------------------------------------


def check_documents_open(application, *, by, now=None):
    _check_owner(application, by)
    now = _now(now)
    if application.status not in OPEN_STATES:
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


# --- Staff checks and supervisors' opinions ------------------------------------------------


@transaction.atomic
def assess_criterion(application, criterion, *, result, note="", by) -> CriterionAssessment | None:
    """Staff record that a criterion is met or not (result=None removes their finding)."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff check eligibility."))
    if criterion.call_id != application.call_id:
        raise ApplicationError(_("This criterion belongs to another call."))
    if result is None:
        CriterionAssessment.objects.filter(application=application, criterion=criterion).delete()
        refresh_summary(application)
        return None
    assessment, _created = CriterionAssessment.objects.update_or_create(
        application=application,
        criterion=criterion,
        defaults={"result": result, "note": note, "assessed_by": by},
    )
    refresh_summary(application)
    return assessment


@transaction.atomic
def record_recommendation(application, *, supervisor, opinion, comment="") -> Recommendation:
    """A supervisor of the call gives (or revises) their opinion. It decides nothing."""
    if not supervises(supervisor, application):
        raise PermissionDenied(_("Only the academic supervisors of this call give recommendations."))
    if application.status == Status.DRAFT:
        raise ApplicationError(_("This application has not been submitted yet."))
    recommendation, _created = Recommendation.objects.update_or_create(
        application=application, supervisor=supervisor, defaults={"opinion": opinion, "comment": comment}
    )
    return recommendation


REMINDER_EMAIL = "mobility/email/documents_reminder"
REMINDER_BEFORE = datetime.timedelta(days=3)


def send_document_reminders(*, now=None) -> int:
    """Remind students whose application still misses required documents, once, three days
    before the documents deadline. Returns how many were reminded (re-running sends nothing more)."""
    now = _now(now)
    due = Application.objects.filter(
        status__in=[Status.SUBMITTED, Status.UNDER_REVIEW],
        missing_documents__gt=0,
        documents_reminder_sent_at__isnull=True,
        call__documents_deadline__gt=now,
        call__documents_deadline__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update()
                .filter(pk=pk, documents_reminder_sent_at__isnull=True)
                .select_related("call", "student")
                .prefetch_related("call__document_requirements", "documents")
                .first()
            )
            if application is None:
                continue
            missing = missing_required_documents(application)
            Application.objects.filter(pk=pk).update(documents_reminder_sent_at=now)
            if not missing:
                continue
            send_templated_email(
                application.student,
                REMINDER_EMAIL,
                {
                    "application": application,
                    "call": application.call,
                    "missing": [r.name for r in missing],
                    "documents_deadline": application.call.documents_deadline,
                    "url": reverse("mobility:step", args=[application.pk, "documents"]),
                },
            )
            sent += 1
    return sent


STATUS_HELP = {
    Status.DRAFT: gettext_lazy("Not sent yet: complete the steps and submit before the deadline."),
    Status.SUBMITTED: gettext_lazy("Received by the International Relations Office."),
    Status.UNDER_REVIEW: gettext_lazy("The office and the academic supervisors are reviewing it."),
    Status.ACCEPTED: gettext_lazy("You have a place: confirm that you take it."),
    Status.WAITLISTED: gettext_lazy("On the waiting list: you will be told if a place frees up."),
    Status.REJECTED: gettext_lazy("Not accepted this time."),
    Status.CONFIRMED: gettext_lazy("You confirmed your place."),
    Status.COMPLETED: gettext_lazy("Mobility completed."),
    Status.WITHDRAWN: gettext_lazy("Withdrawn."),
}
