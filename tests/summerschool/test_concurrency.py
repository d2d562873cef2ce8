"""Seats under concurrent requests (PostgreSQL: real row locks; SQLite serialises everything anyway)."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from summerschool import services
from summerschool.models import Registration, State
from tests.factories import StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fee", [Decimal("2500"), Decimal("0")])
def test_thirty_concurrent_registrations_for_ten_seats(fee):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    school = SummerSchoolFactory(capacity=10, fee=fee)
    people = [StudentFactory() for _ in range(30)]
    barrier = threading.Barrier(30)
    errors = []

    def register(person):
        try:
            barrier.wait(timeout=30)
            services.register(school, person, data=registration_data(), cv=cv_file())
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    states = list(Registration.objects.filter(offering=school).values_list("state", flat=True))
    seated = State.CONFIRMED if fee == 0 else State.ACCEPTED
    assert states.count(seated) == 10
    assert states.count(State.WAITLISTED) == 20
    assert len(states) == 30
    positions = sorted(
        r.waitlist_position() for r in Registration.objects.filter(offering=school, state=State.WAITLISTED)
    )
    assert positions == list(range(1, 21))
