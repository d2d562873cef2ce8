"""What the summer school services share: the refusal they raise, the row locks, a registration's
move (with its history row) and the emails telling the participant."""

from django.conf import settings

from core.emails import queue_messages, render_templated_email, send_templated_email
from core.errors import ServiceError

from ..models import (
    Offering,
    Registration,
    RegistrationTransition,
)


class RegistrationError(ServiceError):
    """A refusal a participant or staff member can read."""


# What a move may change besides the state (saved in the same UPDATE).
_MOVE_FIELDS = ("offer_expires_at", "payment_due", "attended")


def _move(registration, to_state, *, by=None, comment="", at=None):
    RegistrationTransition.move(
        registration, to_state, by=by, comment=comment, at=at, update_fields=_MOVE_FIELDS
    )


def _notify(registration, template="status", **extra):
    send_templated_email(
        registration.participant,
        f"summerschool/email/{template}",
        {"registration": registration, "offering": registration.offering, **extra},
    )


def _lock_offering(offering_id):
    return Offering.objects.select_for_update().get(pk=offering_id)


def _lock_registration(registration_id):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("offering", "participant")
        .get(pk=registration_id)
    )


def _notify_many(registrations, template):
    """`_notify` for a sweep's many registrations: each email in its participant's language,
    written to the outbox in bulk (participant and offering already on each registration)."""
    if not registrations:
        return
    messages = [
        render_templated_email(
            r.participant.email,
            f"summerschool/email/{template}",
            {"site_url": settings.SITE_URL, "registration": r, "offering": r.offering},
            getattr(r.participant, "language", None) or "en",
        )
        for r in registrations
    ]
    queue_messages(messages)


def participant_language(registration):
    """PDFs are read by the participant: written in their preferred language, whoever downloads them."""
    return getattr(registration.participant, "language", "") or "en"
