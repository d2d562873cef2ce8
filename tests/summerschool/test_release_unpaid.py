"""Unpaid seats released after the offering's grace period, the seat going to the waiting list."""

import datetime
import os
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from summerschool import services
from summerschool.models import Registration, RegistrationTransition, State
from tests.factories import StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data

PARIS = ZoneInfo("Europe/Paris")


def register(school, person=None):
    return services.register(school, person or StudentFactory(), data=registration_data(), cv=cv_file())


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def _seat_and_queue(capacity=1, grace=7):
    school = SummerSchoolFactory(capacity=capacity, fee=Decimal("2500"), payment_grace_days=grace)
    holder = register(school)
    waiting = [register(school), register(school)]
    holder.refresh_from_db()
    assert holder.state == State.ACCEPTED and holder.payment_due
    return school, holder, waiting


@pytest.mark.django_db
def test_released_after_the_grace_period_and_the_seat_offered_to_the_first_waitlisted(
    django_capture_on_commit_callbacks, mailoutbox
):
    _school, holder, (first, second) = _seat_and_queue(grace=7)
    last_day = holder.payment_due + datetime.timedelta(days=7)

    assert services.release_unpaid(now=at(last_day, 23)) == 0  # the last day of grace is still theirs
    holder.refresh_from_db()
    assert holder.state == State.ACCEPTED

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_unpaid(now=at(last_day + datetime.timedelta(days=1), 0)) == 1
    holder.refresh_from_db(), first.refresh_from_db(), second.refresh_from_db()
    assert holder.state == State.CANCELLED
    assert "Released" in holder.transitions.last().comment
    assert first.state == State.OFFERED and first.offer_expires_at
    assert second.state == State.WAITLISTED
    released_mail = [m for m in mailoutbox if "released" in m.subject]
    assert [m.to for m in released_mail] == [[holder.participant.email]]
    assert any(m.to == [first.participant.email] for m in mailoutbox)
    # A second sweep changes nothing.
    assert services.release_unpaid(now=at(last_day + datetime.timedelta(days=2))) == 0


@pytest.mark.django_db
def test_the_participant_is_told_in_their_language(django_capture_on_commit_callbacks, mailoutbox):
    school = SummerSchoolFactory(capacity=1, fee=Decimal("100"), payment_grace_days=0)
    holder = register(school, StudentFactory(language="fr"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.release_unpaid(now=at(holder.payment_due + datetime.timedelta(days=1)))
    released_mail = [m for m in mailoutbox if m.to == [holder.participant.email] and "libérée" in m.subject]
    assert len(released_mail) == 1 and "délai de grâce" in released_mail[0].body
    assert translation.get_language() == "en"


@pytest.mark.django_db
def test_a_paid_or_partly_paid_registration_is_not_released():
    school = SummerSchoolFactory(capacity=2, fee=Decimal("2500"), payment_grace_days=1)
    staff = StaffFactory()
    paid, partly = register(school), register(school)
    paid.refresh_from_db(), partly.refresh_from_db()
    services.record_payment(
        paid, amount=Decimal("2500"), paid_on=paid.payment_due, bank_reference="A1", by=staff
    )
    services.record_payment(
        partly, amount=Decimal("100"), paid_on=paid.payment_due, bank_reference="B1", by=staff
    )
    assert services.release_unpaid(now=at(paid.payment_due + datetime.timedelta(days=30))) == 0
    states = dict(Registration.objects.filter(offering=school).values_list("pk", "state"))
    assert states == {paid.pk: State.CONFIRMED, partly.pk: State.ACCEPTED}


@pytest.mark.django_db
def test_staff_extend_the_payment_date_and_the_history_says_so():
    _school, holder, (first, _second) = _seat_and_queue(grace=2)
    staff = StaffFactory()
    old_due = holder.payment_due
    new_due = old_due + datetime.timedelta(days=10)
    services.extend_payment_due(holder, until=new_due, by=staff, now=at(old_due))
    holder.refresh_from_db()
    assert holder.payment_due == new_due
    record = RegistrationTransition.objects.filter(registration=holder).last()
    assert record.actor == staff and str(old_due) in record.comment and str(new_due) in record.comment

    assert services.release_unpaid(now=at(old_due + datetime.timedelta(days=5))) == 0
    assert services.release_unpaid(now=at(new_due + datetime.timedelta(days=3))) == 1
    first.refresh_from_db()
    assert first.state == State.OFFERED

    with pytest.raises(services.RegistrationError):  # no longer awaiting payment
        services.extend_payment_due(holder, until=new_due, by=staff, now=at(old_due))


@pytest.mark.django_db
def test_the_admin_action_gives_seven_more_days(admin_client):
    _school, holder, _waiting = _seat_and_queue()
    due = holder.payment_due
    response = admin_client.post(
        "/admin/summerschool/registration/",
        {"action": "extend_payment_due", "_selected_action": [holder.pk]},
    )
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.payment_due == max(due, datetime.date.today()) + datetime.timedelta(days=7)


@pytest.mark.django_db
def test_the_release_sweep_is_a_registered_beat_task():
    from django_celery_beat.models import PeriodicTask

    from summerschool.tasks import release_unpaid_task

    task = PeriodicTask.objects.get(task=release_unpaid_task.name)
    assert task.enabled and task.interval is not None
    assert release_unpaid_task.apply().get() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(3))
def test_a_payment_recorded_during_the_release_wins_or_loses_never_both(run):
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI runs this on PostgreSQL")
        pytest.skip("row locks need PostgreSQL")
    _school, holder, (first, _second) = _seat_and_queue(grace=0)
    staff = StaffFactory()
    when = at(holder.payment_due + datetime.timedelta(days=1))
    barrier = threading.Barrier(2)
    outcome = {}

    def release():
        try:
            barrier.wait(timeout=30)
            outcome["released"] = services.release_unpaid(now=when)
        except Exception as exc:
            outcome["release_error"] = repr(exc)
        finally:
            connection.close()

    def pay():
        try:
            barrier.wait(timeout=30)
            services.record_payment(
                holder, amount=Decimal("2500"), paid_on=holder.payment_due, bank_reference=f"T{run}", by=staff
            )
            outcome["paid"] = True
        except services.RegistrationError:
            outcome["paid"] = False
        except Exception as exc:
            outcome["pay_error"] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=release), threading.Thread(target=pay)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()

    assert "release_error" not in outcome and "pay_error" not in outcome
    holder.refresh_from_db(), first.refresh_from_db()
    if outcome["paid"]:
        assert outcome["released"] == 0
        assert holder.state == State.CONFIRMED and holder.payments.count() == 1
        assert first.state == State.WAITLISTED
    else:
        assert outcome["released"] == 1
        assert holder.state == State.CANCELLED and holder.payments.count() == 0
        assert first.state == State.OFFERED


@pytest.mark.django_db
def test_the_release_costs_the_same_queries_for_many_schools_and_registrations(
    django_capture_on_commit_callbacks, mailoutbox
):
    """In bulk: 1 school with 1 unpaid seat costs what 3 schools with 3 unpaid seats each cost."""
    from django.test.utils import CaptureQueriesContext

    from .factories import RegistrationFactory

    due = datetime.date(2027, 5, 1)

    def schools(n_schools, n_seats):
        made = []
        for _ in range(n_schools):
            school = SummerSchoolFactory(capacity=n_seats, fee=Decimal("2500"), payment_grace_days=3)
            unpaid = RegistrationFactory.create_batch(
                n_seats, offering=school, state=State.ACCEPTED, payment_due=due
            )
            waiting = RegistrationFactory.create_batch(n_seats, offering=school, state=State.WAITLISTED)
            made.append((unpaid, waiting))
        return made

    def release():
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=False):
            count = services.release_unpaid(now=at(due + datetime.timedelta(days=10)))
        return count, len(queries)

    schools(1, 1)
    small = release()
    made = schools(3, 3)
    large = release()
    assert (small[0], large[0]) == (1, 9)
    assert large[1] == small[1], (small, large)
    for unpaid, waiting in made:
        assert {r.state for r in Registration.objects.filter(pk__in=[r.pk for r in unpaid])} == {
            State.CANCELLED
        }
        assert {r.state for r in Registration.objects.filter(pk__in=[r.pk for r in waiting])} == {
            State.OFFERED
        }
    assert RegistrationTransition.objects.filter(to_state=State.OFFERED).count() == 10
