"""Free seats go to the waiting list: seats added, offers expiring, unpaid seats released."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    SEAT_STATES,
    Offering,
    Payment,
    Registration,
    RegistrationTransition,
    State,
)
from ..models.registrations import OFFER_NOT_ACCEPTED, SEAT_FREED
from .common import _lock_offering, _move, _notify, _notify_many
from .invoices import _credit_open_invoices


def _fill_free_seats(offering, now):
    """Offer every free seat to the first people on the waiting list (offering row already locked)."""
    return _fill_free_seats_of([offering], now)


def offer_free_seats(offering, *, now=None):
    """After staff add seats: offer them to the waiting list, first come first served."""
    now = now or timezone.now()
    with transaction.atomic():
        return _fill_free_seats(_lock_offering(offering.pk), now)


def expire_offers(*, now=None):
    """Close the offers whose deadline has passed and offer those seats to the next people."""
    now = now or timezone.now()
    expired = 0
    offering_ids = (
        Registration.objects.filter(state=State.OFFERED, offer_expires_at__lte=now)
        .order_by()  # the default ordering would join the DISTINCT: one offering per lapsed row
        .values_list("offering_id", flat=True)
        .distinct()
    )
    for offering_id in list(offering_ids):
        with transaction.atomic():
            offering = _lock_offering(offering_id)
            lapsed = Registration.objects.select_for_update().filter(
                offering=offering, state=State.OFFERED, offer_expires_at__lte=now
            )
            for registration in lapsed:
                _move(registration, State.OFFER_EXPIRED, comment=OFFER_NOT_ACCEPTED())
                _notify(registration)
                expired += 1
            _fill_free_seats(offering, now)
    return expired


# Offerings released in one transaction (their rows locked together, in id order).
RELEASE_OFFERINGS = 200


def release_unpaid(*, now=None):
    """Release the seats of accepted registrations still unpaid after their offering's grace period.

    Released when the Paris day is later than the payment date plus `payment_grace_days`; a
    registration with any payment recorded is left to staff. The offerings and the registrations
    are locked, and the payments are read again after the lock: with a payment being recorded at
    the same time, either the payment (confirmed, not released) or the release (payment refused)
    wins, never both. Each freed seat is offered to the waiting list. Returns how many were released.

    In bulk, RELEASE_OFFERINGS offerings per transaction: a constant number of queries for each
    (lock, read, UPDATE, history, outbox, then the same for the seats offered), whatever the number
    of registrations (benchmarks/reminders.py: 100,000 registrations).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    released = 0
    offering_ids = list(
        Registration.objects.filter(state=State.ACCEPTED, payment_due__lt=today)
        .order_by("offering_id")  # not the default ordering: one row per offering
        .values_list("offering_id", flat=True)
        .distinct()
    )
    for start in range(0, len(offering_ids), RELEASE_OFFERINGS):
        with transaction.atomic():
            offerings = {
                o.pk: o
                for o in Offering.objects.select_for_update()
                .filter(pk__in=offering_ids[start : start + RELEASE_OFFERINGS])
                .order_by("pk")
            }
            overdue = Registration.objects.filter(
                offering__in=list(offerings), state=State.ACCEPTED, payment_due__lt=today
            ).values_list("pk", "offering_id", "payment_due")
            ids = [
                pk
                for pk, offering_id, due in overdue
                if due < today - timedelta(days=offerings[offering_id].payment_grace_days)
            ]
            lapsed = list(
                Registration.objects.select_for_update(of=("self",))
                .filter(pk__in=ids, state=State.ACCEPTED)
                .select_related("participant")
                .order_by("pk")
            )
            paid = set(
                Payment.objects.filter(registration__in=[r.pk for r in lapsed]).values_list(
                    "registration_id", flat=True
                )
            )
            lapsed = [r for r in lapsed if r.pk not in paid]
            for registration in lapsed:
                registration.offering = offerings[registration.offering_id]
            RegistrationTransition.move_many(
                lapsed,
                State.CANCELLED,
                at=now,
                comment=lambda r: (
                    _("Released: not paid by %(day)s (%(grace)d days of grace).")
                    % {"day": r.payment_due.isoformat(), "grace": r.offering.payment_grace_days}
                ),
            )
            _credit_open_invoices(lapsed, now=now)
            _notify_many(lapsed, "released")
            _fill_free_seats_of(list({r.offering_id: r.offering for r in lapsed}.values()), now)
            released += len(lapsed)
    return released


def _fill_free_seats_of(offerings, now):
    """`_fill_free_seats` for many offerings whose rows are locked: three reads, then the offers
    in bulk. Returns the registrations offered a seat."""
    if not offerings:
        return []
    by_pk = {o.pk: o for o in offerings}
    taken = dict(
        Registration.objects.filter(offering__in=list(by_pk), state__in=SEAT_STATES)
        .order_by()
        .values_list("offering_id")
        .annotate(n=Count("pk"))
    )
    free = {pk: o.capacity - taken.get(pk, 0) for pk, o in by_pk.items()}
    queue = (
        Registration.objects.filter(
            offering__in=[pk for pk, n in free.items() if n > 0], state=State.WAITLISTED
        )
        .order_by("offering_id", "queued_at", "pk")
        .values_list("pk", "offering_id")
    )
    chosen = []
    for pk, offering_id in queue:
        if free[offering_id] > 0:
            chosen.append(pk)
            free[offering_id] -= 1
    offered = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(pk__in=chosen, state=State.WAITLISTED)
        .select_related("participant")
        .order_by("pk")
    )
    for registration in offered:
        registration.offering = by_pk[registration.offering_id]
        registration.offer_expires_at = now + timedelta(days=registration.offering.offer_days)
    RegistrationTransition.move_many(
        offered, State.OFFERED, at=now, comment=SEAT_FREED(), update_fields=["offer_expires_at"]
    )
    _notify_many(offered, "seat_offered")
    return offered
