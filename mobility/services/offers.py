"""Places offered to outgoing students, each with a reply deadline, and the waiting list behind them.

An accepted application is an open offer until the student confirms it; its deadline is
`Application.reply_by`: the call's confirmation deadline for the allocation by merit and staff's
own acceptances, `Call.offer_reply_days` from the offer for a seat freed later (`offer_expires_at`). Each
offer is also a `PlaceOffer` row: the history of every seat, which staff read per partner.

A seat freed by a decline, a withdrawal or an offer left to expire goes at once to the
best-ranked waitlisted applicant of the same call who listed that partner among their
preferences (`next_in_line`); `applications.transition` makes that move, so every path that frees
a seat (the student's button, staff's action, the expiry sweep) passes it on the same way.

Why this is not the summer schools' waiting list (summerschool.services): there, an offering has
one pool of seats and a first-come-first-served queue, and an offer is a state of its own
(offered → accepted → paid). Here seats belong to a partner's agreement for a year (shared by
every call of that year, counted from the applications holding them), the queue is the merit
ranking filtered by who listed that partner, and the offer is the application's own "accepted"
state in the transition table. A shared engine would need the seat count, the queue's order and
filter, the states and the effects as hooks: two users, nothing left in common but the pattern,
which both follow with the shared pieces — one transition helper (core.workflow), the outbox
(core.emails), the beat schedule (core.schedules), and "lock the seat's row, count, then offer".
"""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse

from core.emails import send_templated_email

from ..models import Application, OfferOutcome, OfferSource, PlaceOffer, Status

OFFER_EMAIL = "mobility/email/place_offered"


def own_deadline(call, source, now):
    """The own deadline of an offer made at `now`: a place from the waiting list gets
    `offer_reply_days`; the others (None) are confirmed by the call's confirmation deadline, which
    staff may move."""
    if source == OfferSource.WAITING_LIST:
        return now + timedelta(days=call.offer_reply_days)
    return None


def open_offer(application, *, source, now):
    """Record the place just offered to `application` (its `allocated_agreement`)."""
    return PlaceOffer.objects.create(
        application=application,
        agreement_id=application.allocated_agreement_id,
        source=source,
        offered_at=now,
        reply_by=application.reply_by,
    )


def close_offer(application, *, outcome, now):
    """Close the application's open offer (confirmed, declined or expired)."""
    PlaceOffer.objects.filter(application=application, outcome=OfferOutcome.OPEN).update(
        outcome=outcome, closed_at=now
    )


def next_in_line(call, agreement_id):
    """The best-ranked waitlisted applicant of `call` who listed the partner `agreement_id`, locked.

    Ranked by their rank in the published allocation (applicants waitlisted by hand, without a
    rank, come after, by submission). Locking re-reads the row: someone who withdrew meanwhile is
    skipped.
    """
    return (
        Application.objects.select_for_update(of=("self",))
        .filter(call=call, status=Status.WAITLISTED, preferences__agreement_id=agreement_id)
        .order_by(F("merit_rank").asc(nulls_last=True), "submitted_at", "pk")
        .first()
    )


def notify_offer(application):
    """The email telling a waitlisted student that a place is theirs if they confirm in time."""
    send_templated_email(
        application.student,
        OFFER_EMAIL,
        {
            "application": application,
            "call": application.call,
            "place": application.allocated_agreement.institution,
            "reply_by": application.reply_by,
            "url": reverse("mobility:application", args=[application.pk]),
        },
    )
