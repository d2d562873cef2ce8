"""Reads of calls for the public pages, with their offer counted in constant queries."""

from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.utils import timezone

from partners.models import Agreement, Direction

from ..models import Call


def public_calls(now=None):
    """Open and upcoming published calls, soonest deadline first, with their offer counted."""
    now = now or timezone.now()
    return (
        Call.objects.published()
        .filter(application_deadline__gte=now)
        .annotate(partner_count=Count("agreements__institution", distinct=True))
        .order_by("application_deadline", "title")
    )


def open_calls(now=None):
    """Published calls taking applications now, soonest deadline first."""
    now = now or timezone.now()
    return public_calls(now).filter(opens_at__lte=now)


def open_calls_to_apply(applied_call_ids, limit, now=None):
    """The dashboard's short list: open calls for our students the student has not applied to,
    soonest deadline first (no offer counted: the dashboard does not show it)."""
    return (
        Call.objects.open_at(now or timezone.now())
        .filter(direction=Direction.OUTGOING)
        .exclude(pk__in=applied_call_ids)
        .defer("description")
        .order_by("application_deadline", "title")[:limit]
    )


def is_partner_side(user) -> bool:
    """Whether the visitor comes from a partner university: its coordinator, or a student whose only
    applications are incoming ones. Everyone else is first taken for one of our students."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    directions = set(user.applications.values_list("direction", flat=True)) if user.is_student else set()
    return directions == {Direction.INCOMING}


def audiences_for(user) -> list[str]:
    """The two groups of the Exchanges page in the order this visitor needs them: calls for our
    students (outgoing) first, unless the visitor comes from a partner university."""
    order = [Direction.OUTGOING, Direction.INCOMING]
    return order[::-1] if is_partner_side(user) else order


def open_calls_for(user, now=None):
    """The open calls, the visitor's own group first (`audiences_for`), soonest deadline first."""
    first = audiences_for(user)[0]
    return open_calls(now).order_by(
        Case(When(direction=first, then=Value(0)), default=Value(1)), "application_deadline", "title"
    )


def upcoming_calls(now=None):
    """Published calls that open later."""
    now = now or timezone.now()
    return public_calls(now).filter(opens_at__gt=now).order_by("opens_at", "title")


def call_detail_queryset():
    return Call.objects.published().prefetch_related(
        "criteria",
        "document_requirements",
        Prefetch(
            "agreements",
            queryset=Agreement.objects.select_related("institution").order_by(
                "institution__country", "institution__name"
            ),
        ),
    )


def open_call_ids_without_application(student, now=None):
    now = now or timezone.now()
    return Call.objects.open_at(now).filter(direction="outgoing").exclude(Q(applications__student=student))


def awaiting_decision_calls(now=None):
    """Calls closed for applications whose decision date has not come yet."""
    now = now or timezone.now()
    return (
        Call.objects.published()
        .filter(application_deadline__lt=now, decision_date__gte=timezone.localdate(now))
        .order_by("decision_date", "title")
    )
