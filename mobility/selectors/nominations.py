"""Reads for partner coordinators and nominees: what may be nominated, seats, invitations, plans."""

from allauth.account.models import EmailAddress
from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content import marked
from partners.models import Agreement, AgreementKind, Direction, Institution

from ..models import ACTIVE_NOMINATION_STATES, CORE_CLERKSHIPS, Call, Nomination, NominationStatus
from ..rules import nominations_followed_by, nominations_visible_to
from . import seats


def nominating_calls(now=None):
    """Incoming calls open for nominations now."""
    return Call.objects.open_at(now).filter(direction=Direction.INCOMING)


def agreement_for(call, institution):
    """The institution's agreement of the call's kind, in force that year, with incoming seats."""
    return (
        Agreement.objects.in_force(call.academic_year)
        .filter(institution=institution, kind=call.kind, incoming_seats__gt=0)
        .order_by("-valid_to_year", "pk")
        .first()
    )


def nomination_choices(coordinator, now=None):
    """[(call, institution, agreement, seats left)] the coordinator may nominate for right now."""
    calls = list(nominating_calls(now).order_by("application_deadline", "title"))
    if not calls:
        return []
    years = {c.academic_year for c in calls}
    agreements = list(
        Agreement.objects.filter(
            institution__coordinators=coordinator,
            is_signed=True,
            incoming_seats__gt=0,
            valid_from_year__lte=max(years),
            valid_to_year__gte=min(years),
        )
        .select_related("institution")
        .order_by("institution__name", "-valid_to_year")
    )
    taken = {
        (row["agreement"], row["call__academic_year"]): row["n"]
        for row in Nomination.objects.filter(agreement__in=agreements, status__in=ACTIVE_NOMINATION_STATES)
        .values("agreement", "call__academic_year")
        .annotate(n=Count("pk"))
    }
    choices, seen = [], set()
    for call in calls:
        for agreement in agreements:
            key = (call.pk, agreement.institution_id)
            if agreement.kind != call.kind or not agreement.is_in_force(call.academic_year) or key in seen:
                continue
            seen.add(key)
            left = agreement.seats(Direction.INCOMING, call.academic_year) - taken.get(
                (agreement.pk, call.academic_year), 0
            )
            choices.append((call, agreement.institution, agreement, left))
    return choices


def seats_left(agreement, year) -> int:
    """Incoming seats the agreement has left in academic `year` (the one count: selectors.seats)."""
    return seats.seats_left(agreement, Direction.INCOMING, year)


def invitation_url(nomination):
    return reverse("mobility:nomination_invitation", args=[nomination.token])


def pending_invitations(user, now=None):
    """Invitations sent to one of the student's verified addresses and not accepted yet.

    Receiving the email at that address is what the token proves, so these are shown on the
    dashboard even when the student signed up on another device than the one they clicked on.
    """
    if not getattr(user, "is_student", False):
        return Nomination.objects.none()
    # The addresses in the same query (a subquery): the dashboard asks on every visit.
    emails = EmailAddress.objects.filter(user=user, verified=True).values(lower=Lower("email"))
    return (
        Nomination.objects.filter(
            email__in=emails,
            status=NominationStatus.INVITED,
            student__isnull=True,
            call__application_deadline__gte=now or timezone.now(),
        )
        .select_related("call", "agreement__institution")
        .order_by("call__application_deadline")
    )


def nomination_for_token(token):
    return (
        Nomination.objects.select_related("call", "agreement__institution", "application")
        .filter(token=token)
        .first()
    )


def coordinator_nominations(coordinator):
    """The coordinator's institutions' nominations, with what each nominee still has to send."""
    return (
        nominations_followed_by(coordinator)
        .select_related("call", "agreement__institution", "application")
        .prefetch_related("application__documents", "call__document_requirements")
        .order_by("call__application_deadline", "call__title", "last_name", "first_name")
    )


def missing_documents(nomination):
    """Names of the required documents the nominee has not uploaded (all of them before they start),
    as HTML (an English name on a French page is marked lang="en")."""
    requirements = [r for r in nomination.call.document_requirements.all() if r.required]
    if nomination.application is None:
        return [marked(r, "name") for r in requirements]
    given = {d.requirement_id for d in nomination.application.documents.all()}
    return [marked(r, "name") for r in requirements if r.pk not in given]


def coordinated_institutions(user):
    return Institution.objects.filter(coordinators=user)


def visible_nominations(user):
    """Nominations a user may see: their institutions' for coordinators, all for IRO staff."""
    return nominations_visible_to(user)


MIN_CORE_MONTHS = 6


YEAR_MONTHS = (11, 12)  # "yearlong": July to July, with some slack for holidays


def clerkship_plan_problems(rotations) -> list[str]:
    """What is wrong with an IMEP plan: ≥ 6 months of core clerkships, about 12 in all."""
    rotations = list(rotations)
    core = sum(r.months for r in rotations if r.clerkship in CORE_CLERKSHIPS)
    total = sum(r.months for r in rotations)
    problems = []
    if core < MIN_CORE_MONTHS:
        problems.append(
            _(
                "At least %(min)s months of core clerkships (internal medicine, paediatrics, surgery) are required; the plan has %(core)s."
            )
            % {"min": MIN_CORE_MONTHS, "core": core}
        )
    if not YEAR_MONTHS[0] <= total <= YEAR_MONTHS[1]:
        problems.append(
            _("The exchange lasts a year: the plan should total 11 to 12 months; it has %(total)s.")
            % {"total": total}
        )
    return problems


def has_clerkship_plan(owner) -> bool:
    """IMEP students have a plan: incoming ones on their nomination, ours on their application."""
    if owner.call.kind != AgreementKind.BILATERAL_EXCHANGE:
        return False
    return isinstance(owner, Nomination) or owner.call.direction == Direction.OUTGOING


def clerkship_plan_summary(owner) -> dict | None:
    """What a page shows of an IMEP plan (None where there is no plan to keep)."""
    if not has_clerkship_plan(owner):
        return None
    rotations = list(owner.rotations.all())
    return {
        "rotations": rotations,
        "core_months": sum(r.months for r in rotations if r.clerkship in CORE_CLERKSHIPS),
        "total_months": sum(r.months for r in rotations),
        "problems": clerkship_plan_problems(rotations) if rotations else [],
        "min_core": MIN_CORE_MONTHS,
        "outgoing": owner.call.direction == Direction.OUTGOING,
    }
