"""Reads of calls for the public pages, with their offer counted in constant queries."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from partners.models import Agreement

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
