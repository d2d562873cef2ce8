"""Registering, accepting a seat offered, cancelling, rejecting, moving the payment date.

Seats: the offering's row is locked (`select_for_update`) by every operation that takes or frees a
seat, so counting the seats held and taking one are a single step even under concurrent requests.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Institution

from .. import selectors
from ..models import (
    Registration,
    RegistrationTransition,
    State,
    WaiverProof,
)
from ..models.registrations import NO_FEE_DUE, OFFER_ACCEPTED, PAYMENT_DATE_MOVED, SEATS_TAKEN
from .common import RegistrationError, _lock_offering, _lock_registration, _move, _notify
from .invoices import _credit_open_invoice, _issue_invoice
from .waitlist import _fill_free_seats
from .waivers import _lock_code


def _seats_left(offering):
    return offering.capacity - offering.registrations.holding_seats().count()


def _grant_seat(registration, *, by=None, now=None, comment=""):
    """Give the registration its seat: confirmed at once when nothing is due, else awaiting payment."""
    now = now or timezone.now()
    registration.offer_expires_at = None
    if registration.fee <= 0:
        _move(
            registration,
            State.CONFIRMED,
            by=by,
            comment=comment or NO_FEE_DUE(),
            at=now,
        )
    else:
        due = timezone.localdate(now) + timedelta(days=registration.offering.payment_days)
        registration.payment_due = min(due, registration.offering.starts_on)
        _move(registration, State.ACCEPTED, by=by, comment=comment, at=now)
        _issue_invoice(registration, now=now)
    _notify(registration)


def _known_institution(name):
    """A typed name that is exactly a known institution's (in English or its own language) is it:
    its members keep their fee waiver even when they did not find it in the list."""
    name = " ".join(name.split())
    if not name:
        return None
    return (
        Institution.objects.filter(Q(name__iexact=name) | Q(local_name__iexact=name)).order_by("pk").first()
    )


def register(offering, participant, *, data, cv, now=None):
    """Register `participant`; they get a seat if one is left, else a place on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        offering = _lock_offering(offering.pk)
        if not offering.is_published or not offering.registration_is_open(now):
            raise RegistrationError(
                _("Registration for “%(title)s” is not open.") % {"title": offering.title}
            )
        if Registration.objects.filter(offering=offering, participant=participant).active().exists():
            raise RegistrationError(
                _("You are already registered for “%(title)s”.") % {"title": offering.title}
            )
        institution = data.get("institution") or _known_institution(data.get("institution_name", ""))
        code = _lock_code(data.get("waiver_code"), offering)
        fee, network, proof, pending = selectors.fee_for(
            offering, institution, participant=participant, code=code
        )
        registration = Registration(
            offering=offering,
            participant=participant,
            institution=institution,
            institution_name="" if institution else data.get("institution_name", "").strip(),
            field_of_study=data["field_of_study"],
            level_of_study=data["level_of_study"],
            motivation=data["motivation"],
            address=data["address"],
            fee=fee,
            fee_waived_by=network,
            waiver_proof=proof,
            waiver_code=code if proof == WaiverProof.CODE else None,
            waiver_pending_for=pending,
            queued_at=now,
        )
        registration.cv.save("cv.pdf", cv, save=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            registration.cv.delete(save=False)
            raise RegistrationError(
                _("You are already registered for “%(title)s”.") % {"title": offering.title}
            ) from exc
        RegistrationTransition.record(registration, "", State.SUBMITTED, by=participant, at=now)
        if _seats_left(offering) > 0:
            _grant_seat(registration, now=now)
        else:
            _move(registration, State.WAITLISTED, comment=SEATS_TAKEN(), at=now)
            _notify(registration)
    return registration


def accept_offer(registration, *, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        _lock_offering(registration.offering_id)
        registration = _lock_registration(registration.pk)
        if not registration.is_offered:
            raise RegistrationError(_("There is no seat offer to accept on this registration."))
        if registration.offer_expires_at and now >= registration.offer_expires_at:
            raise RegistrationError(_("This offer expired; the seat has been offered to the next person."))
        _grant_seat(registration, by=by, now=now, comment=OFFER_ACCEPTED())
    return registration


def cancel(registration, *, by, comment="", now=None):
    """Cancel (participant or staff, or declining an offer); a freed seat goes to the waiting list."""
    return _leave(registration, State.CANCELLED, by=by, comment=comment, now=now)


def reject(registration, *, by, comment="", now=None):
    return _leave(registration, State.REJECTED, by=by, comment=comment, now=now)


def _leave(registration, to_state, *, by, comment, now):
    now = now or timezone.now()
    with transaction.atomic():
        offering = _lock_offering(registration.offering_id)
        registration = _lock_registration(registration.pk)
        if to_state == State.CANCELLED and not registration.can_cancel:
            raise RegistrationError(_("This registration can no longer be cancelled."))
        held_seat = registration.holds_seat
        registration.offer_expires_at = None
        _move(registration, to_state, by=by, comment=comment)
        _credit_open_invoice(registration, now=now)
        _notify(registration)
        if held_seat:
            _fill_free_seats(offering, now)
    return registration


EXTRA_PAYMENT_DAYS = timedelta(days=7)


def extend_payment_due(registration, *, by, until=None, now=None):
    """Staff give a participant more time to pay: until `until`, or by default seven more days from
    the later of today and the current payment date. The new date is kept in the history."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        if not registration.awaits_payment:
            raise RegistrationError(_("Only a registration awaiting payment has a payment date to extend."))
        if until is None:
            today = timezone.localdate(now)
            until = max(registration.payment_due or today, today) + EXTRA_PAYMENT_DAYS
        if until < timezone.localdate(now):
            raise RegistrationError(_("The new payment date is in the past."))
        before = registration.payment_due
        registration.payment_due = until
        registration.save(update_fields=["payment_due", "updated"])
        RegistrationTransition.record(
            registration,
            registration.state,
            registration.state,
            by=by,
            at=now,
            comment=PAYMENT_DATE_MOVED(before=before.isoformat() if before else "—", after=until.isoformat()),
        )
    return registration
