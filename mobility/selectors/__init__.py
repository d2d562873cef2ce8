"""Mobility's reads, one module per concept (calls, applications, nominations, records, seats, selection):
querysets with their related rows fetched in constant queries, and what the portal infers from
them. The names pages use most are re-exported here."""

from .applications import (
    STATUS_HELP,
    application_queryset,
    applications_with_preferences,
    completed_steps,
    declared_criteria,
    document_checklist,
    evaluate_eligibility,
    missing_required_documents,
    resume_url,
    student_applications,
    submission_problems,
)
from .calls import (
    audiences_for,
    awaiting_decision_calls,
    call_detail_queryset,
    open_call_ids_without_application,
    open_calls,
    open_calls_for,
    open_calls_to_apply,
    public_calls,
    upcoming_calls,
)
from .dashboard import dashboard_applications, student_dashboard
from .seats import seats_left, seats_used
from .selection import selection_result, waitlist_position

__all__ = [
    "STATUS_HELP",
    "application_queryset",
    "applications_with_preferences",
    "audiences_for",
    "awaiting_decision_calls",
    "call_detail_queryset",
    "completed_steps",
    "dashboard_applications",
    "declared_criteria",
    "document_checklist",
    "evaluate_eligibility",
    "missing_required_documents",
    "open_call_ids_without_application",
    "open_calls",
    "open_calls_for",
    "open_calls_to_apply",
    "public_calls",
    "resume_url",
    "seats_left",
    "seats_used",
    "selection_result",
    "student_applications",
    "student_dashboard",
    "submission_problems",
    "upcoming_calls",
    "waitlist_position",
]
