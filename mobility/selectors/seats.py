"""Seats used on partner agreements: the one count behind the partners' seat columns and dashboards,
the seat checks of applications and nominations, and the application admin form.

Outgoing: applications holding a place (accepted, confirmed, completed) on the agreement.
Incoming: active nominations — a partner's nomination takes its seat from the moment it is made,
and the nominee's application lives inside it, so applications are not counted again.
"""

from django.db.models import Count

from partners.models import Direction

from ..models import ACTIVE_NOMINATION_STATES, SEAT_STATES, Application, Nomination

BOTH = (Direction.OUTGOING, Direction.INCOMING)


def seats_used(agreement_ids, year, directions=BOTH) -> dict:
    """{(agreement_id, direction): seats used} in academic `year`, one query per direction asked."""
    used = {}
    if Direction.OUTGOING in directions:
        outgoing = (
            Application.objects.filter(
                allocated_agreement_id__in=agreement_ids,
                direction=Direction.OUTGOING,
                call__academic_year=year,
                status__in=SEAT_STATES,
            )
            .values("allocated_agreement_id")
            .annotate(n=Count("pk"))
        )
        for row in outgoing:
            used[(row["allocated_agreement_id"], Direction.OUTGOING)] = row["n"]
    if Direction.INCOMING in directions:
        incoming = (
            Nomination.objects.filter(
                agreement_id__in=agreement_ids, call__academic_year=year, status__in=ACTIVE_NOMINATION_STATES
            )
            .values("agreement_id")
            .annotate(n=Count("pk"))
        )
        for row in incoming:
            used[(row["agreement_id"], Direction.INCOMING)] = row["n"]
    return used


def seats_left(agreement, direction, year) -> int:
    used = seats_used([agreement.pk], year, directions=(direction,))
    return agreement.seats(direction, year) - used.get((agreement.pk, direction), 0)
