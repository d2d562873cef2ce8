"""Seats are never exceeded when two members of staff publish the same allocation while students
answer their offers at that very moment (PostgreSQL: row locks)."""

import threading

import pytest
from django.db import connection, connections

from mobility import services
from mobility.models import SEAT_STATES, AllocationRun, Application, Status
from mobility.services import allocation
from tests.factories import StaffFactory

from .factories_selection import applicant, contest_call

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes = {}

    def run(name, action):
        try:
            barrier.wait()
            outcomes[name] = action()
        except Exception as exc:  # recorded, asserted below
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name, action)) for name, action in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_publishing_and_students_answering_at_once_never_exceed_the_seats(attempt):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    call, (paris_seat, lyon_seat) = contest_call(seats=(2, 1))
    # Two places given by hand before the run, awaiting their students' answers.
    confirming = applicant(call, [paris_seat], marks=[5, 5], status=Status.UNDER_REVIEW)
    declining = applicant(call, [paris_seat], marks=[5, 5], status=Status.UNDER_REVIEW)
    staff = StaffFactory()
    services.transition(confirming, Status.ACCEPTED, by=staff, notify=False)
    services.transition(declining, Status.ACCEPTED, by=staff, notify=False)
    contenders = [applicant(call, [paris_seat, lyon_seat], marks=[10 + i, 5]) for i in range(6)]
    first, second = StaffFactory(), StaffFactory()

    outcomes = _run_together(
        ("publish 1", lambda: allocation.publish(call, by=first)[1]),
        ("publish 2", lambda: allocation.publish(call, by=second)[1]),
        ("confirm", lambda: services.transition(confirming, Status.CONFIRMED, by=confirming.student).status),
        ("decline", lambda: services.transition(declining, Status.WITHDRAWN, by=declining.student).status),
    )

    assert sorted([outcomes["publish 1"], outcomes["publish 2"]]) == [False, True], outcomes
    assert (outcomes["confirm"], outcomes["decline"]) == (Status.CONFIRMED, Status.WITHDRAWN), outcomes
    assert AllocationRun.objects.filter(call=call).count() == 1
    for agreement in (paris_seat, lyon_seat):
        held = Application.objects.filter(allocated_agreement=agreement, status__in=SEAT_STATES).count()
        assert held == agreement.outgoing_seats, (agreement, held)
    # The declined seat went to a contender, whichever came first: the run or the decline.
    statuses = sorted(
        Application.objects.filter(pk__in=[c.pk for c in contenders]).values_list("status", flat=True)
    )
    assert statuses == sorted([Status.ACCEPTED] * 2 + [Status.WAITLISTED] * 4)
    for contender in contenders:  # decided by one run only: never accepted or waitlisted twice
        assert contender.transitions.filter(to_state=Status.ACCEPTED).count() <= 1
        assert contender.transitions.filter(to_state=Status.WAITLISTED).count() <= 1
