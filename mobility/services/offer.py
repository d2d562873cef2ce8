"""What a call offers: every signed agreement of its kind in force in its academic year with seats
in its direction, but those staff exclude — so that no partner is forgotten when a call is made
or an agreement is signed. Run when staff save a call and when agreements change (partners'
admin and import call `partners.services.agreements_changed`, which calls `refresh_offers_for`)."""

from django.db.models import Q
from django.utils import timezone

from partners.models import Agreement, Direction

from ..models import Call


def agreements_for(call):
    """The agreements `call` offers by the rule (before exclusions)."""
    seats = Q(outgoing_seats__gt=0) if call.direction == Direction.OUTGOING else Q(incoming_seats__gt=0)
    return Agreement.objects.in_force(call.academic_year).filter(seats, kind=call.kind)


def refresh_offer(call):
    """Set the call's offer by the rule; returns (added, removed) agreement ids."""
    wanted = set(
        agreements_for(call)
        .exclude(pk__in=call.excluded_agreements.values("pk"))
        .values_list("pk", flat=True)
    )
    current = set(call.agreements.values_list("pk", flat=True))
    added, removed = wanted - current, current - wanted
    if added:
        call.agreements.add(*added)
    if removed:
        call.agreements.remove(*removed)
    return added, removed


def refresh_offers_for(agreement_ids):
    """After agreements changed: refresh every call still to close of their kinds in the years they
    cover, and those that offered them (a closed call's offer is history: left as it was)."""
    agreements = list(
        Agreement.objects.filter(pk__in=agreement_ids).values("kind", "valid_from_year", "valid_to_year")
    )
    condition = Q(agreements__in=agreement_ids)
    for a in agreements:
        condition |= Q(
            kind=a["kind"], academic_year__gte=a["valid_from_year"], academic_year__lte=a["valid_to_year"]
        )
    for call in Call.objects.filter(condition, application_deadline__gte=timezone.now()).distinct():
        refresh_offer(call)
