"""The reminders summer schools register with the one reminder mechanism (`reminders` app).
Staff change their timing in the admin (Reminders › rules), for every school or for one."""

import datetime

from django.utils.translation import gettext_lazy as _

from reminders.registry import Reminder, register

from .models import Registration, State

PAYMENT_DUE = "summerschool.payment_due"
OFFER_EXPIRING = "summerschool.offer_expiring"


def _awaiting_payment(now):
    return Registration.objects.filter(state=State.ACCEPTED, payment_due__isnull=False).select_related(
        "offering", "participant"
    )


def _open_offers(now):
    return Registration.objects.filter(state=State.OFFERED, offer_expires_at__isnull=False).select_related(
        "offering", "participant"
    )


def _context(registration):
    return {"registration": registration, "offering": registration.offering}


def register_all():
    common = {
        "recipients": lambda registration: [registration.participant],
        "link": lambda registration: registration.get_absolute_url(),
        "context": _context,
        # Staff time these per summer school (Reminders › rules › a rule › timings).
        "scope": "offering",
        "scope_field": "offering",
    }
    register(
        Reminder(
            code=PAYMENT_DUE,
            name=_("Participant: payment due in 3 days"),
            candidates=_awaiting_payment,
            deadline="payment_due",
            deadline_is_date=True,
            template="summerschool/email/payment_due",
            offset=datetime.timedelta(days=3),
            **common,
        )
    )
    register(
        Reminder(
            code=OFFER_EXPIRING,
            name=_("Waiting list: seat offer expiring within 24 hours"),
            candidates=_open_offers,
            deadline="offer_expires_at",
            template="summerschool/email/offer_expiring",
            offset=datetime.timedelta(hours=24),
            **common,
        )
    )
