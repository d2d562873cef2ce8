"""The student dashboard (/applications/): what it shows, and what its cached rendering depends on.

`student_dashboard(user)` reads everything the page shows in constant queries. The page is kept in
the cache per student and language (mobility/views/applications.py: dashboard), built on the
versions `version_keys(user)` names, which the writes renew (services/dashboard.py), and until
the first instant its words change with time alone (`StudentDashboard.valid_until`).
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Length, Trim
from django.utils import timezone

from core.templatetags.paris_time import closes_in_changes_at
from partners.models import Direction
from partners.services import DIRECTORY_VERSION_KEY

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationTransition,
    Call,
    CriterionCheck,
    EligibilityCriterion,
    Preference,
    Status,
)
from .applications import STATUS_HELP, document_checklist, resume_url
from .calls import open_calls_to_apply
from .nominations import pending_invitations
from .selection import waitlist_position

OPEN_CALLS_SHOWN = 10  # /programmes/ lists them all

# Renewed by services/dashboard.py: calls, their documents and criteria, nominations (everyone's
# dashboard); a student's own rows (theirs). The partner directory's version changes with any
# institution or agreement (partners/apps.py): the name of a student's place.
EVERYONE_VERSION_KEY = "mobility:dashboard:everyone"


def student_version_key(student_id):
    return f"mobility:dashboard:student:{student_id}"


def version_keys(user):
    return [student_version_key(user.pk), EVERYONE_VERSION_KEY, DIRECTORY_VERSION_KEY]


def entry_key(user, language):
    """One rendering per student, language and role (a student's invitations are a student's)."""
    return f"mobility:dashboard:page:{user.pk}:{language}:{user.role}"


def dashboard_applications(student):
    """The student's applications with what their dashboard shows, and nothing more.

    Built for the dashboard (issue 19): it used the detail page's queryset (six prefetches, the
    transitions joined to their actors, which for a recent student walked the whole user index).
    Here: the call and the place in the same query, then the history (no actor: the dashboard
    does not name who moved it), the call's documents and the student's files. The state of the
    learning agreement (learning's link, for a place held) is annotated: no query per card.
    """
    # The waiting-list number of each waitlisted one, in the same query (selection.waitlist_position).
    ahead = (
        Application.objects.filter(
            call_id=OuterRef("call_id"), status=Status.WAITLISTED, merit_rank__lt=OuterRef("merit_rank")
        )
        .order_by()
        .values("call_id")
        .annotate(n=Count("*"))  # not the id: counted from the index (call, status, rank) alone
        .values("n")
    )
    # What "Continue my application" needs to find the first step not finished (completed_steps).
    declaration_criteria = (
        EligibilityCriterion.objects.filter(
            call_id=OuterRef("call_id"), checked_by=CriterionCheck.DECLARATION
        )
        .order_by()
        .values("call_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest_version = (
        apps.get_model("learning", "AgreementVersion")
        .objects.filter(agreement__record__application=OuterRef("pk"))
        .order_by("-number")
        .values("status")[:1]
    )
    return (
        Application.objects.filter(student=student)
        .annotate(
            waitlist_ahead=Coalesce(Subquery(ahead), 0),
            motivation_chars=Length(Trim("motivation")),
            has_preferences=Exists(Preference.objects.filter(application_id=OuterRef("pk"))),
            declaration_criteria=Coalesce(Subquery(declaration_criteria), 0),
            learning_agreement_status=Subquery(latest_version),
        )
        # The mobility record and its learning agreement: the dashboard links to it (learning app).
        .select_related("call", "allocated_agreement__institution", "mobility_record__learning_agreement")
        .defer("motivation", "call__description")
        .prefetch_related(
            Prefetch("transitions", queryset=ApplicationTransition.objects.order_by("at", "pk")),
            "call__document_requirements",
            Prefetch("documents", queryset=ApplicationDocument.objects.order_by()),
        )
        .order_by("-call__academic_year", "-created")
    )


@dataclass
class StudentDashboard:
    rows: list  # one per application: {"application", "checklist", "status_help", ...}
    open_calls: list
    invitations: list
    valid_until: datetime.datetime  # the first instant its words change with time alone


def student_dashboard(user, now=None) -> StudentDashboard:
    now = now or timezone.now()
    applications = list(dashboard_applications(user))
    rows = [
        {
            "application": a,
            "checklist": document_checklist(a),
            "status_help": STATUS_HELP.get(a.status),
            "waitlist_position": waitlist_position(a) if a.is_waitlisted else None,
            "resume_url": resume_url(a) if a.is_draft else None,
        }
        for a in applications
    ]
    open_calls = list(open_calls_to_apply({a.call_id for a in applications}, OPEN_CALLS_SHOWN, now))
    invitations = list(pending_invitations(user, now))
    return StudentDashboard(
        rows, open_calls, invitations, _valid_until(applications, open_calls, invitations, now)
    )


def _valid_until(applications, open_calls, invitations, now):
    """When the page stops being what time alone makes it: a "closes in" that changes its words, an
    open call or an invitation whose deadline passes, the next call that opens (one query)."""
    instants = []
    for call in open_calls:
        instants += [call.application_deadline, closes_in_changes_at(call.application_deadline, now)]
    instants += [n.call.application_deadline for n in invitations]
    instants += [closes_in_changes_at(a.reply_by, now) for a in applications if a.awaits_reply]
    instants.append(
        Call.objects.upcoming_at(now)
        .filter(direction=Direction.OUTGOING)
        .order_by("opens_at")
        .values_list("opens_at", flat=True)
        .first()
    )
    return min((i for i in instants if i is not None), default=now + datetime.timedelta(days=1))
