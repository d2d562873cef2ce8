"""Seats mobility takes on partner agreements, for partners' seat columns and dashboards.

Outgoing: applications holding a place (accepted, confirmed, completed) on the agreement.
Incoming: active nominations — a partner's nomination takes its seat from the moment it is made,
and the nominee's application lives inside it, so applications are not counted again.
"""

from django.db.models import Count

from partners.models import Direction
from partners.seats import register_seat_counter


@register_seat_counter
def mobility_seats(agreement_ids, year):
    from .models import ACTIVE_NOMINATION_STATES, SEAT_STATES, Application, Nomination

    used = {}
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
