"""The reminders mobility sends to coordinators and staff (the students' are in `reminders`):
unused incoming seats before an incoming call's deadline, and a weekly digest per call."""

import datetime

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Direction
from reminders.registry import Reminder, office_staff, register

from ..models import Call, DocumentStatus, Status
from ..selectors.seats import seats_used

SEATS_UNUSED = "mobility.incoming_seats_unused"
STAFF_DIGEST = "mobility.staff_weekly_digest"
WEEK = datetime.timedelta(days=7)
WAITING = [Status.SUBMITTED, Status.UNDER_REVIEW]


def _incoming_calls(now):
    """Published incoming calls; the coordinators of their agreements' institutions are reminded
    while those agreements have seats left."""
    return Call.objects.filter(direction=Direction.INCOMING, is_published=True).prefetch_related(
        "agreements__institution__coordinators"
    )


def _offers(call):
    """[(agreement, seats left, coordinator ids)] of the call's agreements with seats left
    (one query per call: the seat count of `selectors.seats`)."""
    if not hasattr(call, "_offers"):
        agreements = list(call.agreements.all())
        used = seats_used([a.pk for a in agreements], call.academic_year, directions=(Direction.INCOMING,))
        call._offers = [
            {
                "agreement": agreement,
                "institution": agreement.institution,
                "left": left,
                "coordinators": list(agreement.institution.coordinators.all()),
            }
            for agreement in agreements
            if (
                left := agreement.seats(Direction.INCOMING, call.academic_year)
                - used.get((agreement.pk, Direction.INCOMING), 0)
            )
            > 0
        ]
    return call._offers


def _seat_coordinators(call):
    found = {}
    for offer in _offers(call):
        for coordinator in offer["coordinators"]:
            found.setdefault(coordinator.pk, coordinator)
    return list(found.values())


def _seats_context(call):
    offers = _offers(call)
    if not offers:
        return None
    return {
        "call": call,
        "offers": [{**o, "coordinator_ids": [c.pk for c in o["coordinators"]]} for o in offers],
    }


def _calls_to_digest(now):
    """Published calls, with what staff have to act on counted at `now`."""
    applications = Q(applications__status__in=WAITING)
    return Call.objects.filter(is_published=True).annotate(
        waiting=Count(
            "applications", filter=applications & Q(applications__submitted_at__lte=now - WEEK), distinct=True
        ),
        unchecked=Count(
            "applications__documents",
            filter=applications & Q(applications__documents__status=DocumentStatus.PENDING),
            distinct=True,
        ),
        undecided=Count("applications", filter=applications, distinct=True),
        decision_soon=ExpressionWrapper(
            Q(decision_date__lte=(now + WEEK).date()), output_field=BooleanField()
        ),
    )


def _digest_context(call):
    undecided = call.undecided if call.decision_soon else 0
    if not (call.waiting or call.unchecked or undecided):
        return None  # nothing to act on: no digest this week
    return {"call": call, "waiting": call.waiting, "unchecked": call.unchecked, "undecided": undecided}


def register_all():
    register(
        Reminder(
            code=SEATS_UNUSED,
            name=_("Coordinator: incoming seats unused, 14 days before the call's application deadline"),
            candidates=_incoming_calls,
            deadline="application_deadline",
            recipients=_seat_coordinators,
            template="mobility/email/seats_unused",
            link=lambda call: reverse("mobility:incoming"),
            context=_seats_context,
            offset=datetime.timedelta(days=14),
            scope="call",
            scope_field="id",
        )
    )
    register(
        Reminder(
            code=STAFF_DIGEST,
            name=_("Staff: weekly digest per call, until its decision date"),
            candidates=_calls_to_digest,
            deadline="decision_date",
            deadline_is_date=True,
            recipients=office_staff,
            template="mobility/email/staff_digest",
            link=lambda call: (
                reverse("admin:mobility_application_changelist") + f"?call__id__exact={call.pk}"
            ),
            context=_digest_context,
            offset=datetime.timedelta(days=365),
            repeat=WEEK,
            scope="call",
            scope_field="id",
        )
    )
