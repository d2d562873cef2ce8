"""A registration's states and the moves between them (the services check every move against `MACHINE`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import StateMachine


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted — awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


# The explicit transition table: services check every move against it.
MACHINE = StateMachine(
    {
        State.SUBMITTED: {State.ACCEPTED, State.CONFIRMED, State.WAITLISTED, State.REJECTED, State.CANCELLED},
        State.WAITLISTED: {State.OFFERED, State.REJECTED, State.CANCELLED},
        State.OFFERED: {
            State.ACCEPTED,
            State.CONFIRMED,
            State.OFFER_EXPIRED,
            State.REJECTED,
            State.CANCELLED,
        },
        State.ACCEPTED: {State.CONFIRMED, State.REJECTED, State.CANCELLED},
        State.CONFIRMED: {State.COMPLETED, State.NOT_COMPLETED, State.CANCELLED},
        State.NOT_COMPLETED: {State.COMPLETED},
        State.COMPLETED: set(),
        State.OFFER_EXPIRED: set(),
        State.REJECTED: set(),
        State.CANCELLED: set(),
    },
    field="state",
    labels=State.choices,
)


# States that hold one of the offering's seats (an open offer keeps the seat for its holder).
SEAT_STATES = (State.ACCEPTED, State.CONFIRMED, State.OFFERED, State.COMPLETED, State.NOT_COMPLETED)


# States in which a person is still "in" (one such registration per person and offering).
ACTIVE_STATES = (State.SUBMITTED, State.WAITLISTED, *SEAT_STATES)


# A transfer can be recorded once a seat is given (and still after the school, when it arrives late).
PAYABLE_STATES = (State.ACCEPTED, State.CONFIRMED, State.COMPLETED, State.NOT_COMPLETED)


CANCELLABLE_STATES = (State.SUBMITTED, State.WAITLISTED, State.OFFERED, State.ACCEPTED, State.CONFIRMED)


# Badge colours (Bootstrap's text-bg-*): a seat for sure, a seat pending, waiting; else grey.
STATE_TONES = {
    State.CONFIRMED: "success",
    State.COMPLETED: "success",
    State.ACCEPTED: "primary",
    State.OFFERED: "primary",
    State.WAITLISTED: "warning",
    State.SUBMITTED: "warning",
}
