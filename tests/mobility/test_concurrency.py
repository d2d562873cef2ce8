"""A double click submits once (PostgreSQL: row locks)."""

import threading

import pytest
from django.db import connection, connections

from core.workflow import InvalidTransition
from mobility import services
from mobility.models import Application, ApplicationTransition, Status

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submissions_give_one_submission():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    application = ApplicationFactory(complete=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit(Application.objects.get(pk=application.pk), by=application.student, notify=False)
            outcomes.append("ok")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert (
        ApplicationTransition.objects.filter(application=application, to_state=Status.SUBMITTED).count() == 1
    )


def test_two_simultaneous_starts_give_one_draft():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    template = ApplicationFactory.build()
    call = ApplicationFactory(complete=True).call
    student = template.student
    student.save()
    barrier = threading.Barrier(2)
    ids = []

    def start():
        try:
            barrier.wait()
            ids.append(services.start_application(call, by=student).pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1 and Application.objects.filter(call=call, student=student).count() == 1


def test_two_simultaneous_acceptances_for_the_last_seat_give_one_place():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from tests.factories import AgreementFactory, StaffFactory

    from .factories import CallFactory

    agreement = AgreementFactory(outgoing_seats=1)
    call = CallFactory(agreements=[agreement])
    staff = StaffFactory()
    applications = []
    for _i in range(2):
        a = ApplicationFactory(call=call, complete=True, preferences=[agreement])
        services.submit(a, by=a.student, notify=False)
        services.transition(a, Status.UNDER_REVIEW, by=staff, notify=False)
        applications.append(a)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(application):
        try:
            barrier.wait()
            services.transition(application, Status.ACCEPTED, by=staff, notify=False)
            outcomes.append("ok")
        except services.ApplicationError:
            outcomes.append("no seat")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["no seat", "ok"]
    assert Application.objects.filter(allocated_agreement=agreement, status=Status.ACCEPTED).count() == 1
