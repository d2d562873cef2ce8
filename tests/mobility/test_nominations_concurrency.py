"""The last incoming seat under two simultaneous nominations (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from mobility.models import Nomination
from mobility.selectors import nominations as nomination_reads
from mobility.services import nominations as services_nominations
from tests.factories import CoordinatorFactory

from .factories_nominations import incoming_call, nomination_data, partner

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(*args):
        try:
            barrier.wait()
            outcomes.append(("ok", target(*args)))
        except services_nominations.NominationError as exc:
            outcomes.append(("refused", exc.message))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_nominations_for_the_last_seat_give_one_nomination_and_one_clear_refusal():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update): the race is tested on PostgreSQL, as in CI")
    coordinator, institution, agreement = partner(seats=2, name="Universität Heidelberg")
    colleague = CoordinatorFactory(institutions=[institution])  # two people of the same office
    call = incoming_call(agreements=[agreement])
    services_nominations.nominate(call, institution, by=coordinator, data=nomination_data(0), notify=False)
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1

    def nominate(by, n):
        return services_nominations.nominate(
            call, institution, by=by, data=nomination_data(n), notify=False
        ).pk

    outcomes = _run_together(nominate, [(coordinator, 1), (colleague, 2)])

    assert sorted(kind for kind, _value in outcomes) == ["ok", "refused"], outcomes
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert refusal.startswith(
        "No seat left: the agreement with Universität Heidelberg offers 2 incoming seat(s)"
    )
    assert "Withdraw a nomination first or contact the IRO." in refusal
    assert Nomination.objects.filter(agreement=agreement).count() == 2
    assert nomination_reads.seats_left(agreement, call.academic_year) == 0


def test_the_same_student_nominated_twice_at_once_is_one_nomination():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update): the race is tested on PostgreSQL, as in CI")
    coordinator, institution, agreement = partner(seats=5)
    call = incoming_call(agreements=[agreement])

    def nominate():
        return services_nominations.nominate(
            call, institution, by=coordinator, data=nomination_data(0), notify=False
        ).pk

    outcomes = _run_together(nominate, [(), ()])

    assert sorted(kind for kind, _value in outcomes) == ["ok", "refused"], outcomes
    assert "already nominated" in next(value for kind, value in outcomes if kind == "refused")
    assert Nomination.objects.count() == 1
