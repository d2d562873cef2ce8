"""The allocation of a call's places by merit: one computation for the preview, the CSV and the
real run, so what staff preview is what publishing does.

Who is ranked: the call's submitted applications not yet decided (submitted or under review)
whose eligibility is not "not met" and who have a mark on every selection criterion.

Order (best first): the higher score; on equal scores, the earlier submission; then the lower
application number (the application started first). Each applicant in turn gets their
best-ranked preference that still has a seat for the call's year and direction (the agreement's
seats, less the places already held that year, as everywhere in the portal); an applicant whose
preferences are all full goes on the waiting list, in the same order.

Publishing moves every ranked application through the transition table (under review, then
accepted with its place or waitlisted) in one transaction, records who published and when,
and writes one email per student in their language. A call is published once: a second publish
(another member of staff at the same moment, a double click, `allocate_call --publish` again)
finds the run and changes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import send_templated_email
from partners.models import Agreement, Direction

from ..models import (
    AllocationRun,
    Application,
    Call,
    Eligibility,
    OfferOutcome,
    OfferSource,
    Preference,
    Status,
)
from ..models.comments import PLACE_NOT_CONFIRMED
from ..rules import is_decider
from ..selectors.seats import seats_used
from . import dashboard, offers
from .applications import transition
from .errors import ApplicationError

CONTEST_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW)
RESULT_EMAIL = "mobility/email/allocation_result"


@dataclass
class Row:
    application: Application
    rank: int | None = None  # None: not ranked (see `excluded`)
    place: Agreement | None = None
    preference_rank: int | None = None
    waitlist_rank: int | None = None
    excluded: str = ""

    @property
    def score(self):
        return self.application.score


@dataclass
class Seats:
    agreement: Agreement
    offered: int
    held_before: int
    allocated: int = 0

    @property
    def left(self):
        return self.offered - self.held_before - self.allocated


@dataclass
class Allocation:
    call: Call
    rows: list = field(default_factory=list)  # ranked rows first (by rank), then those not ranked
    seats: list = field(default_factory=list)

    @property
    def ranked(self):
        return [r for r in self.rows if r.rank is not None]

    @property
    def missing_marks(self):
        return [r for r in self.rows if r.excluded == MISSING_MARKS]


NOT_ELIGIBLE = "not_eligible"
MISSING_MARKS = "missing_marks"


def ranking_key(application):
    """Best first: higher score, earlier submission, lower application number."""
    return (-application.score, application.submitted_at or timezone.now(), application.pk)


def contestants(call):
    """The applications the allocation considers, each with `ranked_preferences` [(rank,
    agreement_id)] best first: two queries, only the columns the allocation and its table use."""
    applications = list(
        Application.objects.filter(call=call, status__in=CONTEST_STATES)
        .select_related("student")
        .only(*CONTESTANT_FIELDS)
        .order_by("pk")
    )
    preferences = {}
    for application_id, rank, agreement_id in (
        Preference.objects.filter(application__call=call, application__status__in=CONTEST_STATES)
        .order_by("application_id", "rank")
        .values_list("application_id", "rank", "agreement_id")
    ):
        preferences.setdefault(application_id, []).append((rank, agreement_id))
    for application in applications:
        application.ranked_preferences = preferences.get(application.pk, [])
    return applications


CONTESTANT_FIELDS = (
    "call_id", "status", "direction", "eligibility", "score", "submitted_at", "first_name", "last_name",
    "student__email", "student__first_name", "student__last_name",
)  # fmt: skip


def allocate(call, applications, agreements, held) -> Allocation:
    """The pure computation: no query. `applications` come from `contestants`, `agreements` are the
    call's, `held` {agreement_id: places already held this year}."""
    seats = {
        a.pk: Seats(a, a.seats(Direction.OUTGOING, call.academic_year), held.get(a.pk, 0)) for a in agreements
    }
    ranked, excluded = [], []
    for application in applications:
        if application.eligibility == Eligibility.NOT_MET:
            excluded.append(Row(application, excluded=NOT_ELIGIBLE))
        elif application.score is None:
            excluded.append(Row(application, excluded=MISSING_MARKS))
        else:
            ranked.append(application)
    ranked.sort(key=ranking_key)
    rows, waiting = [], 0
    for rank, application in enumerate(ranked, start=1):
        row = Row(application, rank=rank)
        for preference_rank, agreement_id in application.ranked_preferences:
            slot = seats.get(agreement_id)
            if slot is not None and slot.left > 0:
                slot.allocated += 1
                row.place, row.preference_rank = slot.agreement, preference_rank
                break
        if row.place is None:
            waiting += 1
            row.waitlist_rank = waiting
        rows.append(row)
    return Allocation(call=call, rows=rows + excluded, seats=list(seats.values()))


def compute(call) -> Allocation:
    """The allocation the call would get if published now: four queries whatever its size."""
    agreements = list(call.agreements.select_related("institution").order_by("institution__name"))
    used = seats_used([a.pk for a in agreements], call.academic_year, directions=(Direction.OUTGOING,))
    held = {agreement_id: n for (agreement_id, _direction), n in used.items()}
    return allocate(call, contestants(call), agreements, held)


def publish(call, *, by, now=None):
    """Publish the call's allocation: (the run, True), or (the existing run, False) when it was
    already published. Refused while a rankable applicant lacks marks or the call has no
    confirmation deadline in the future."""
    now = now or timezone.now()
    if by is not None and not is_decider(by):
        raise ApplicationError(_("Only IRO staff publish an allocation."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.direction != Direction.OUTGOING:
            raise ApplicationError(_("Only outgoing calls are allocated by merit."))
        existing = AllocationRun.objects.filter(call=call).first()
        if existing is not None:
            return existing, False
        if call.confirmation_deadline is None or call.confirmation_deadline <= now:
            raise ApplicationError(
                _(
                    "Set the call's confirmation deadline (in the future) first: accepted students confirm by then."
                )
            )
        # Every seat-taking move on these partners waits until the run commits.
        list(
            Agreement.objects.select_for_update(of=("self",))
            .filter(calls=call)
            .order_by("pk")
            .values_list("pk")
        )
        allocation = compute(call)
        if allocation.missing_marks:
            raise ApplicationError(
                _("%(n)s applications still lack marks: enter them, or record that they are not eligible.")
                % {"n": len(allocation.missing_marks)}
            )
        for row in allocation.ranked:
            _publish_row(row, by=by, now=now)
        dashboard.waitlists_changed([call.pk])  # the ranks are written with update(): no signal
        run = AllocationRun.objects.create(
            call=call,
            published_by=by,
            published_at=now,
            accepted=sum(1 for r in allocation.ranked if r.place),
            waitlisted=sum(1 for r in allocation.ranked if not r.place),
        )
    return run, True


def _publish_row(row, *, by, now):
    application = row.application
    why = _("Allocation by merit: rank %(rank)s.") % {"rank": row.rank}
    if application.status == Status.SUBMITTED:
        transition(application, Status.UNDER_REVIEW, by=by, now=now, notify=False)
    if row.place is not None:
        application = transition(
            application,
            Status.ACCEPTED,
            by=by,
            now=now,
            notify=False,
            comment=why,
            place=row.place,
            source=OfferSource.ALLOCATION,
        )
    else:
        application = transition(application, Status.WAITLISTED, by=by, now=now, notify=False, comment=why)
    Application.objects.filter(pk=application.pk).update(
        merit_rank=row.rank, waitlist_rank_at_publication=row.waitlist_rank
    )
    send_templated_email(
        application.student,
        RESULT_EMAIL,
        {
            "application": application,
            "call": application.call,
            "rank": row.rank,
            "score": application.score,
            "place": row.place.institution if row.place else None,
            "preference_rank": row.preference_rank,
            "waitlist_rank": row.waitlist_rank,
            "reply_by": application.reply_by,
            "url": reverse("mobility:application", args=[application.pk]),
        },
    )


def expire_offers(*, now=None) -> int:
    """Withdraw the places not confirmed by their deadline; each freed seat goes to the next in
    line (through `transition`). Run by the periodic sweep; returns how many lapsed."""
    now = now or timezone.now()
    lapsed = list(
        Application.objects.filter(status=Status.ACCEPTED, direction=Direction.OUTGOING)
        .filter(
            Q(offer_expires_at__lte=now)
            | Q(offer_expires_at__isnull=True, call__confirmation_deadline__lte=now)
        )
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in lapsed:
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(of=("self",))
                .select_related("call")
                .filter(pk=pk)
                .first()
            )
            if application is None or application.status != Status.ACCEPTED:
                continue
            if application.reply_by is None or application.reply_by > now:
                continue
            offers.close_offer(application, outcome=OfferOutcome.EXPIRED, now=now)
            transition(
                application,
                Status.WITHDRAWN,
                now=now,
                comment=PLACE_NOT_CONFIRMED(deadline=application.reply_by.isoformat()),
            )
            count += 1
    return count
