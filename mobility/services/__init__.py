"""Every change mobility makes, one module per concept; the public functions are re-exported here,
so `from mobility import services; services.transition(...)` works wherever it is used.

- applications: submission, status changes (and what each causes), places;
- drafts: starting an application, saving its steps, ranking the partners;
- documents: uploads, staff checks, reminders;
- eligibility: the stored summary, staff's findings;
- nominations: incoming students nominated by partner coordinators;
- records: acceptance letters and mobility records.

Reads live in `mobility.selectors`.
"""

from .applications import (
    allocate,
    record_recommendation,
    safe_transition,
    submit,
    transition,
)
from .documents import (
    check_documents_open,
    delete_document,
    review_document,
    review_documents,
    upload_document,
)
from .drafts import check_draft_editable, save_draft, set_preferences, start_application
from .eligibility import assess_criterion, refresh_call_summaries, refresh_summary
from .errors import ApplicationError, DeadlinePassed, Incomplete, NominationError, NotNominated
from .periods import correct_period

__all__ = [
    "ApplicationError",
    "DeadlinePassed",
    "Incomplete",
    "NominationError",
    "NotNominated",
    "allocate",
    "assess_criterion",
    "check_documents_open",
    "check_draft_editable",
    "correct_period",
    "delete_document",
    "record_recommendation",
    "refresh_call_summaries",
    "refresh_summary",
    "review_document",
    "review_documents",
    "safe_transition",
    "save_draft",
    "set_preferences",
    "start_application",
    "submit",
    "transition",
    "upload_document",
]
