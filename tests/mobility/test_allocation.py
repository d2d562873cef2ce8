"""Selection by merit: scores, ranking, allocation, publication, offers and the waiting list."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from mobility import services
from mobility.models import AllocationRun, Application, Eligibility, OfferOutcome, PlaceOffer, Status
from mobility.services import allocation, selection
from tests.factories import StaffFactory

from .factories_selection import applicant, contest_call

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def staff():
    return StaffFactory()


def statuses(*applications):
    for a in applications:
        a.refresh_from_db()
    return [a.status for a in applications]


def test_the_score_is_computed_from_weighted_marks_out_of_100():
    call, (a, _b) = contest_call()
    # grades 15/20 weight 2, interview 5/10 weight 1: 100 × (2×0.75 + 1×0.5) / 3
    app = applicant(call, [a], marks=[15, 5])
    assert app.score == Decimal("66.67")
    partial = applicant(call, [a])
    services.selection.record_marks(
        partial, by=StaffFactory(), marks={call.selection_criteria.get(name="Grade average"): Decimal("20")}
    )
    partial.refresh_from_db()
    assert partial.score is None  # a criterion without a mark: no score, not ranked


def test_a_mark_above_the_scale_is_refused(staff):
    call, (a, _b) = contest_call()
    app = applicant(call, [a])
    with pytest.raises(services.ApplicationError, match="between 0 and 10"):
        selection.record_marks(
            app, by=staff, marks={call.selection_criteria.get(name="Interview"): Decimal("11")}
        )


def test_click_order_and_rank_order_differ_the_allocation_follows_the_rank(staff):
    """Accepting by hand in the order staff click gives the first clicked their first choice; the
    allocation gives it to the better score instead."""
    call, (paris_seat, lyon_seat) = contest_call(seats=(1, 1))
    weaker = applicant(call, [paris_seat, lyon_seat], marks=[10, 5])
    stronger = applicant(call, [paris_seat, lyon_seat], marks=[18, 9])
    result = allocation.compute(call)
    rows = {r.application.pk: r for r in result.ranked}
    assert (rows[stronger.pk].rank, rows[stronger.pk].place, rows[stronger.pk].preference_rank) == (
        1,
        paris_seat,
        1,
    )
    assert (rows[weaker.pk].rank, rows[weaker.pk].place, rows[weaker.pk].preference_rank) == (2, lyon_seat, 2)
    run, created = allocation.publish(call, by=staff)
    assert created and (run.accepted, run.waitlisted, run.published_by) == (2, 0, staff)
    stronger.refresh_from_db()
    weaker.refresh_from_db()
    assert (stronger.status, stronger.allocated_agreement) == (Status.ACCEPTED, paris_seat)
    assert (weaker.status, weaker.allocated_agreement) == (Status.ACCEPTED, lyon_seat)


def test_not_eligible_applications_are_never_ranked(staff):
    call, (a, _b) = contest_call(seats=(5, 0))
    ineligible = applicant(call, [a], marks=[20, 10])
    Application.objects.filter(pk=ineligible.pk).update(eligibility=Eligibility.NOT_MET)
    eligible = applicant(call, [a], marks=[1, 1])
    result = allocation.compute(call)
    assert [r.application.pk for r in result.ranked] == [eligible.pk]
    assert [(r.application.pk, r.excluded) for r in result.rows if r.rank is None] == [
        (ineligible.pk, allocation.NOT_ELIGIBLE)
    ]
    allocation.publish(call, by=staff)
    assert statuses(ineligible, eligible) == [Status.SUBMITTED, Status.ACCEPTED]


def test_ties_go_to_the_earlier_submission_then_the_lower_application_number():
    call, (a, _b) = contest_call(seats=(1, 0))
    at = allocation.timezone.now() - 40 * DAY
    later = applicant(call, [a], marks=[12, 6], submitted_at=at + DAY)
    first_started = applicant(call, [a], marks=[12, 6], submitted_at=at)
    second_started = applicant(call, [a], marks=[12, 6], submitted_at=at)
    ranked = [r.application.pk for r in allocation.compute(call).ranked]
    assert ranked == [first_started.pk, second_started.pk, later.pk]


def test_seats_already_held_that_year_are_not_allocated_again(staff):
    call, (a, b) = contest_call(seats=(1, 1))
    holder = applicant(call, [a], marks=[1, 1])
    Application.objects.filter(pk=holder.pk).update(status=Status.CONFIRMED, allocated_agreement=a)
    contender = applicant(call, [a, b], marks=[20, 10])
    (row,) = allocation.compute(call).ranked
    assert row.application == contender and row.place == b
    seats = {s.agreement: s.left for s in allocation.compute(call).seats}
    assert seats == {a: 0, b: 0}


def test_publishing_twice_changes_nothing(staff, mailoutbox, django_capture_on_commit_callbacks):
    call, (a, _b) = contest_call(seats=(1, 0))
    first = applicant(call, [a], marks=[18, 9])
    second = applicant(call, [a], marks=[10, 5])
    with django_capture_on_commit_callbacks(execute=True):
        run, created = allocation.publish(call, by=staff)
    assert created
    assert statuses(first, second) == [Status.ACCEPTED, Status.WAITLISTED]
    second.refresh_from_db()
    assert (second.merit_rank, second.waitlist_rank_at_publication) == (2, 1)
    sent = len(mailoutbox)
    assert sent == 2
    history = first.transitions.count()
    with django_capture_on_commit_callbacks(execute=True):
        again, created = allocation.publish(call, by=StaffFactory())
    assert (again, created) == (run, False)
    assert len(mailoutbox) == sent and first.transitions.count() == history
    assert AllocationRun.objects.count() == 1


def test_the_result_email_tells_the_place_or_the_waiting_list_rank(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    call, (a, _b) = contest_call(seats=(1, 0))
    first = applicant(call, [a], marks=[18, 9])
    second = applicant(call, [a], marks=[10, 5])
    with django_capture_on_commit_callbacks(execute=True):
        allocation.publish(call, by=staff)
    by_to = {m.to[0]: m for m in mailoutbox}
    assert str(a.institution) in by_to[first.student.email].body
    assert "waiting list" in by_to[second.student.email].body and "1" in by_to[second.student.email].body


def test_publishing_needs_every_mark_and_a_confirmation_deadline(staff):
    call, (a, _b) = contest_call()
    applicant(call, [a])  # no marks
    with pytest.raises(services.ApplicationError, match="lack marks"):
        allocation.publish(call, by=staff)
    call.confirmation_deadline = None
    call.save()
    with pytest.raises(services.ApplicationError, match="confirmation deadline"):
        allocation.publish(call, by=staff)
    assert not AllocationRun.objects.exists()


def _published_contest(staff):
    """Paris has one seat; three applicants want it; the third wants only Lyon (full)."""
    call, (paris_seat, lyon_seat) = contest_call(seats=(1, 1))
    holder = applicant(call, [paris_seat], marks=[19, 9])
    applicant(call, [lyon_seat], marks=[18, 9])
    lyon_only = applicant(call, [lyon_seat], marks=[17, 9])  # better ranked, never wanted Paris
    next_for_paris = applicant(call, [lyon_seat, paris_seat], marks=[12, 6])
    after = applicant(call, [paris_seat], marks=[10, 5])
    allocation.publish(call, by=staff)
    return call, paris_seat, holder, lyon_only, next_for_paris, after


def test_a_decline_offers_the_seat_to_the_next_waitlisted_applicant_who_wanted_that_partner(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    call, paris_seat, holder, lyon_only, next_for_paris, after = _published_contest(staff)
    mailoutbox.clear()
    now = allocation.timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(holder, Status.WITHDRAWN, by=holder.student, now=now)
    assert statuses(lyon_only, next_for_paris, after) == [
        Status.WAITLISTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
    ]
    assert next_for_paris.allocated_agreement == paris_seat
    assert next_for_paris.offer_expires_at == now + datetime.timedelta(days=call.offer_reply_days)
    offered = [m for m in mailoutbox if "a place is offered" in m.subject]
    assert [m.to for m in offered] == [[next_for_paris.student.email]]
    assert str(paris_seat.institution) in offered[0].body
    history = list(PlaceOffer.objects.filter(agreement=paris_seat).values_list("application_id", "outcome"))
    assert history == [(holder.pk, OfferOutcome.DECLINED), (next_for_paris.pk, OfferOutcome.OPEN)]
    # The next in line confirms within their own deadline.
    services.transition(next_for_paris, Status.CONFIRMED, by=next_for_paris.student, now=now + DAY)
    assert PlaceOffer.objects.get(application=next_for_paris).outcome == OfferOutcome.CONFIRMED


def test_an_expired_offer_goes_to_the_next_in_line_through_the_sweep(staff):
    call, paris_seat, holder, lyon_only, next_for_paris, after = _published_contest(staff)
    assert allocation.expire_offers(now=call.confirmation_deadline - DAY) == 0
    with pytest.raises(services.ApplicationError, match="lapsed"):
        services.transition(holder, Status.CONFIRMED, by=holder.student, now=call.confirmation_deadline + DAY)
    # Both accepted places lapse; Paris goes to the next who wanted Paris.
    assert allocation.expire_offers(now=call.confirmation_deadline + DAY) == 2
    assert statuses(holder, lyon_only, next_for_paris, after) == [
        Status.WITHDRAWN,
        Status.ACCEPTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
    ]
    assert next_for_paris.allocated_agreement == paris_seat
    assert PlaceOffer.objects.get(application=holder).outcome == OfferOutcome.EXPIRED
    assert allocation.expire_offers(now=call.confirmation_deadline + DAY) == 0


def test_the_waiting_list_position_moves_up(staff):
    _call, _paris_seat, holder, lyon_only, next_for_paris, after = _published_contest(staff)
    from mobility.selectors.selection import waitlist_position

    for a in (lyon_only, next_for_paris, after):
        a.refresh_from_db()
    assert [waitlist_position(a) for a in (lyon_only, next_for_paris, after)] == [1, 2, 3]
    services.transition(holder, Status.WITHDRAWN, by=holder.student)
    after.refresh_from_db()
    assert waitlist_position(after) == 2 and after.waitlist_rank_at_publication == 3


def test_allocate_call_prints_csv_and_changes_nothing(staff, capsys):
    call, (a, b) = contest_call(seats=(1, 0))
    first = applicant(call, [a], marks=[18, 9])
    second = applicant(call, [a, b], marks=[10, 5])
    call_command("allocate_call", str(call.pk))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rank,email,score,place,preference_rank"
    assert out[1] == f"1,{first.student.email},{first.score},{a.institution},1"
    assert out[2] == f"2,{second.student.email},{second.score},waiting list,"
    assert statuses(first, second) == [Status.SUBMITTED, Status.SUBMITTED]
    call_command("allocate_call", str(call.pk), "--publish")
    assert statuses(first, second) == [Status.ACCEPTED, Status.WAITLISTED]
    assert "Already published" in _run_again(call, capsys)


def _run_again(call, capsys):
    call_command("allocate_call", str(call.pk), "--publish")
    return capsys.readouterr().out


def test_allocate_call_refuses_an_unknown_call():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No call with id 999999"):
        call_command("allocate_call", "999999")


def test_the_allocation_reads_in_a_constant_number_of_queries(django_assert_num_queries):
    call, (a, b) = contest_call(seats=(2, 2))
    for i in range(2):
        applicant(call, [a, b], marks=[10 + i, 5])
    with django_assert_num_queries(4):
        small = allocation.compute(call)
    for i in range(8):
        applicant(call, [b, a], marks=[5 + i, 5])
    with django_assert_num_queries(4):
        big = allocation.compute(call)
    assert (len(small.ranked), len(big.ranked)) == (2, 10)
    assert sum(1 for r in big.ranked if r.place) == 4


def test_an_incoming_call_is_not_allocated_by_merit(staff):
    call, (_a, _b) = contest_call(direction="incoming")
    with pytest.raises(services.ApplicationError, match="Only outgoing calls"):
        allocation.publish(call, by=staff)


def test_a_students_copy_of_their_data_has_their_marks_rank_and_offers(staff):
    from privacy.export import collect

    call, (a, _b) = contest_call(seats=(1, 0))
    first = applicant(call, [a], marks=[18, 9])
    applicant(call, [a], marks=[10, 5])
    allocation.publish(call, by=staff)
    data, _files = collect(first.student)
    (application,) = data["applications"]
    chosen = application["selection"]
    assert (chosen["score"], chosen["rank_by_merit"]) == ("90.00", 1)
    assert [m["criterion"] for m in chosen["marks"]] == ["Grade average", "Interview"]
    assert [o["outcome"] for o in chosen["places_offered"]] == ["open"]
