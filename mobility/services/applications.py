"""Every change to an application's status: submit, decide, allocate (its draft: services/drafts.py).

Views, admin actions and tasks call these functions and nothing else changes an application.
What a status change causes beyond its history and email (the acceptance letter, the mobility
record, the nomination's seat) is listed in one function, `_after_transition`.
Functions that depend on a deadline take `now=None` (default `timezone.now()`) so tests can
stand on the exact second.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import send_templated_email
from core.tasks import enqueue_on_commit
from core.templatetags.paris_time import paris
from core.workflow import InvalidTransition, render_comment_lazily
from partners.models import Agreement, Direction

from ..models import (
    APPLICATION_MACHINE,
    DECIDED_STATES,
    SEAT_STATES,
    STUDENT_MOVES,
    Application,
    ApplicationTransition,
    Nomination,
    NominationStatus,
    NominationTransition,
    OfferOutcome,
    OfferSource,
    Recommendation,
    Status,
)
from ..models.comments import PLACE_FREED
from ..rules import is_decider, supervises
from ..selectors.applications import (
    evaluate_eligibility,
    missing_required_documents,
    overall_eligibility,
    submission_problems,
)
from ..selectors.seats import seats_left
from . import offers, records
from .errors import ApplicationError, DeadlinePassed, Incomplete


def _now(now):
    return now or timezone.now()


def _check_owner(application, by):
    if by is None or application.student_id != by.pk:
        raise PermissionDenied


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


def _lock_agreement(agreement):
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _check_seat(application, agreement):
    call = application.call
    if not call.agreements.filter(pk=agreement.pk).exists():
        raise ApplicationError(
            _("%(partner)s is not offered by this call.") % {"partner": agreement.institution}
        )
    if (
        not application.holds_seat_on(agreement)
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
def transition(
    application, to_state, *, by=None, comment="", now=None, notify=True, place=None, source=None
) -> Application:
    """Move an application to `to_state`: the one way any status changes.

    Checks the table of moves and who asks, records who/when/from/to/why and emails the student
    (in their language) once the transaction commits. `by=None` means the system (a task);
    `notify=False` is for imports of past years, demo data and the allocation (which sends its own).
    Accepting offers `place` (default: the place already chosen, else the best-ranked preference
    with a seat left) with a reply deadline set by `source` (an `OfferSource`, default staff's).
    """
    now = _now(now)
    given = application
    application = (
        Application.objects.select_for_update().select_related("call", "student").get(pk=application.pk)
    )
    from_state = application.status
    APPLICATION_MACHINE.check(from_state, to_state)  # before anything else: the table refuses first
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
        if place is not None:
            application.allocated_agreement = place
        _allocate_on_acceptance(application)
        application.offer_expires_at = offers.own_deadline(application.call, source, now)
    elif to_state == Status.CONFIRMED and application.reply_by and now > application.reply_by:
        raise ApplicationError(
            _("The deadline to confirm this place was %(deadline)s: the offer has lapsed.")
            % {"deadline": paris(application.reply_by)}
        )
    elif from_state == Status.ACCEPTED:
        application.offer_expires_at = None
    if to_state == Status.COMPLETED:
        records.check_recognised(application)
    if to_state in DECIDED_STATES:
        application.decided_at = now
    ApplicationTransition.move(
        application,
        to_state,
        by=by,
        comment=comment,
        at=now,
        update_fields=[
            "submitted_at",
            "decided_at",
            "eligibility",
            "missing_documents",
            "allocated_agreement",
            "offer_expires_at",
        ],
    )
    _after_transition(application, from_state, to_state, by=by, comment=comment, now=now, source=source)
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
            "comment": render_comment_lazily(comment),
            "url": reverse("mobility:application", args=[application.pk]),
            "documents_deadline": application.call.documents_deadline,
        },
    )
    return application


def _after_transition(application, from_state, to_state, *, by, comment, now, source=None):
    """Everything a status change causes besides its history and the student's email.

    Runs inside the transition's transaction: rows written here share it (a refused move writes
    nothing); the letter is rendered by a task dispatched once it commits.
    """
    if to_state == Status.ACCEPTED:
        enqueue_on_commit(records.letter_task(), application.pk)
        if application.allocated_agreement_id:
            offers.open_offer(application, source=source or OfferSource.STAFF, now=now)
    elif to_state == Status.CONFIRMED:
        offers.close_offer(application, outcome=OfferOutcome.CONFIRMED, now=now)
        records.record_mobility(application)
    elif to_state == Status.WITHDRAWN and from_state == Status.CONFIRMED:
        records.forget_mobility(application)  # the mobility will not take place
    if to_state == Status.WITHDRAWN and from_state == Status.ACCEPTED:
        offers.close_offer(application, outcome=OfferOutcome.DECLINED, now=now)
    if (
        to_state == Status.WITHDRAWN
        and from_state in SEAT_STATES
        and application.direction == Direction.OUTGOING
        and application.allocated_agreement_id
    ):
        _offer_to_next_in_line(application, now)
    if to_state in (Status.WITHDRAWN, Status.REJECTED) and application.direction == Direction.INCOMING:
        # The nominee will not come: the partner's seat is free for another nomination.
        _release_nomination_seat(application, to_state, by=by, comment=comment)


def _offer_to_next_in_line(application, now):
    """A seat freed at a partner goes at once to the best-ranked waitlisted applicant who wanted it."""
    agreement = _lock_agreement(application.allocated_agreement)
    call = application.call
    if seats_left(agreement, application.direction, call.academic_year) <= 0:
        return None
    candidate = offers.next_in_line(call, agreement.pk)
    if candidate is None:
        return None
    candidate = transition(
        candidate,
        Status.ACCEPTED,
        place=agreement,
        source=OfferSource.WAITING_LIST,
        comment=PLACE_FREED(partner=agreement.institution),
        now=now,
        notify=False,
    )
    offers.notify_offer(candidate)
    return candidate


def _release_nomination_seat(application, to_state, *, by, comment):
    """The nomination behind a withdrawn or rejected incoming application stops holding its seat.

    A nomination already withdrawn or refused (which withdrew the application itself) is left as is.
    """
    nomination = Nomination.objects.select_for_update().filter(application_id=application.pk).first()
    if nomination is None or not nomination.is_active:
        return None
    if to_state == Status.REJECTED:
        target, why = NominationStatus.REFUSED, _("Application rejected by the IRO.")
    else:
        target, why = NominationStatus.DECLINED, _("Application withdrawn.")
    NominationTransition.move(nomination, target, by=by, comment=f"{why} {comment}".strip())
    return nomination


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


@transaction.atomic
def record_recommendation(application, *, by, opinion, comment="") -> Recommendation:
    """A supervisor of the call (`by`) gives (or revises) their opinion. It decides nothing."""
    supervisor = by
    if not supervises(supervisor, application):
        raise PermissionDenied(_("Only the academic supervisors of this call give recommendations."))
    if application.is_draft:
        raise ApplicationError(_("This application has not been submitted yet."))
    recommendation, _created = Recommendation.objects.update_or_create(
        application=application, supervisor=supervisor, defaults={"opinion": opinion, "comment": comment}
    )
    return recommendation
