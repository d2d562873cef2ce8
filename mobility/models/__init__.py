"""Mobility's models, one module per concept; everything is re-exported here, so
`from mobility.models import Application, Nomination` works wherever it is used.

- calls: what students apply to (calls, required documents, eligibility criteria);
- applications: applications, their documents, checks and history;
- recommendations: academic supervisors' opinions on applications;
- nominations: incoming students nominated by partner coordinators, IMEP clerkship plans;
- records: acceptance letters and the mobility records the key figures count;
- selection: criteria, marks, the published allocation and the places offered;
- comments: the portal's own comments on an application's moves, in the reader's language.
"""

from .applications import (
    APPLICATION_MACHINE,
    DECIDED_STATES,
    OPEN_STATES,
    SEAT_STATES,
    STUDENT_MOVES,
    Application,
    ApplicationDocument,
    ApplicationTransition,
    CriterionAssessment,
    DocumentStatus,
    Eligibility,
    EligibilityFlag,
    Preference,
    Status,
    document_path,
)
from .calls import (
    STUDY_YEAR_VALIDATORS,
    Call,
    CallQuerySet,
    CriterionCheck,
    DocumentRequirement,
    EligibilityCriterion,
    Period,
    period_dates,
)
from .comments import NOMINATION_WITHDRAWN, PLACE_DECLINED, PLACE_FREED, PLACE_NOT_CONFIRMED
from .nominations import (
    ACTIVE_NOMINATION_STATES,
    CORE_CLERKSHIPS,
    LENGTHS_BY_KIND,
    NOMINATION_MACHINE,
    Clerkship,
    ClerkshipRotation,
    Length,
    Nomination,
    NominationStatus,
    NominationTransition,
    Track,
    lengths_for,
    new_token,
)
from .recommendations import Opinion, Recommendation
from .records import AcceptanceLetter, MobilityRecord, RecordSource, letter_path
from .selection import AllocationRun, Mark, OfferOutcome, OfferSource, PlaceOffer, SelectionCriterion

__all__ = [
    "ACTIVE_NOMINATION_STATES",
    "APPLICATION_MACHINE",
    "CORE_CLERKSHIPS",
    "DECIDED_STATES",
    "LENGTHS_BY_KIND",
    "NOMINATION_MACHINE",
    "NOMINATION_WITHDRAWN",
    "OPEN_STATES",
    "PLACE_DECLINED",
    "PLACE_FREED",
    "PLACE_NOT_CONFIRMED",
    "SEAT_STATES",
    "STUDENT_MOVES",
    "STUDY_YEAR_VALIDATORS",
    "AcceptanceLetter",
    "AllocationRun",
    "Application",
    "ApplicationDocument",
    "ApplicationTransition",
    "Call",
    "CallQuerySet",
    "Clerkship",
    "ClerkshipRotation",
    "CriterionAssessment",
    "CriterionCheck",
    "DocumentRequirement",
    "DocumentStatus",
    "Eligibility",
    "EligibilityCriterion",
    "EligibilityFlag",
    "Length",
    "Mark",
    "MobilityRecord",
    "Nomination",
    "NominationStatus",
    "NominationTransition",
    "OfferOutcome",
    "OfferSource",
    "Opinion",
    "Period",
    "PlaceOffer",
    "Preference",
    "Recommendation",
    "RecordSource",
    "SelectionCriterion",
    "Status",
    "Track",
    "document_path",
    "lengths_for",
    "letter_path",
    "new_token",
    "period_dates",
]
