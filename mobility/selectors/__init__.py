"""Mobility's reads, one module per concept (calls, applications, nominations, records, seats, selection):
querysets with their related rows fetched in constant queries, and what the portal infers from
them. The names pages use most are re-exported here."""

from .applications import (
    STATUS_HELP,
    application_queryset,
    applications_with_preferences,
    dashboard_applications,
    document_checklist,
    evaluate_eligibility,
    missing_required_documents,
    student_applications,
    submission_problems,
)
from .calls import (
    awaiting_decision_calls,
    call_detail_queryset,
    open_call_ids_without_application,
    open_calls,
    public_calls,
    upcoming_calls,
)
from .seats import seats_left, seats_used
from .selection import selection_result, waitlist_position

__all__ = [
    "STATUS_HELP",
    "application_queryset",
    "applications_with_preferences",
    "awaiting_decision_calls",
    "call_detail_queryset",
    "dashboard_applications",
    "document_checklist",
    "evaluate_eligibility",
    "missing_required_documents",
    "open_call_ids_without_application",
    "open_calls",
    "public_calls",
    "seats_left",
    "seats_used",
    "selection_result",
    "student_applications",
    "submission_problems",
    "upcoming_calls",
    "waitlist_position",
]
