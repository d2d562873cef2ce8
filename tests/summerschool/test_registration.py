"""Registration rules: seats, fees and waivers, the waiting list and its offers, payments."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.workflow import InvalidTransition
from summerschool import services
from summerschool.models import MACHINE, Registration, State
from tests.factories import StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db


def register(school, person=None, **data):
    return services.register(school, person or StudentFactory(), data=registration_data(**data), cv=cv_file())


def test_a_free_seat_means_accepted_awaiting_payment_with_a_due_date(
    django_capture_on_commit_callbacks, mailoutbox
):
    school = SummerSchoolFactory(capacity=2, fee=Decimal("2500"), payment_days=21)
    with django_capture_on_commit_callbacks(execute=True):
        reg = register(school)
    reg.refresh_from_db()
    assert reg.state == State.ACCEPTED
    assert reg.fee == Decimal("2500")
    assert reg.payment_due == timezone.localdate() + datetime.timedelta(days=21)
    assert [t.to_state for t in reg.transitions.all()] == [State.SUBMITTED, State.ACCEPTED]
    assert len(mailoutbox) == 1 and "€2,500.00" in mailoutbox[0].body


def test_when_seats_run_out_people_queue_and_see_their_position():
    school = SummerSchoolFactory(capacity=1)
    first = register(school)
    second, third = register(school), register(school)
    assert first.state == State.ACCEPTED
    assert (second.state, third.state) == (State.WAITLISTED, State.WAITLISTED)
    assert (second.waitlist_position(), third.waitlist_position()) == (1, 2)
    assert first.waitlist_position() is None


def test_cancellation_offers_the_seat_to_the_first_waitlisted_and_expiry_passes_it_on(
    django_capture_on_commit_callbacks, mailoutbox
):
    school = SummerSchoolFactory(capacity=1, offer_days=3)
    holder = register(school)
    first, second = register(school), register(school)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder, by=holder.participant, now=now)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.state == State.OFFERED
    assert first.offer_expires_at == now + datetime.timedelta(days=3)
    assert second.state == State.WAITLISTED and second.waitlist_position() == 1
    offer_mail = [m for m in mailoutbox if m.to == [first.participant.email]][-1]
    assert "A seat is free for you" in offer_mail.subject
    assert (
        Registration.objects.filter(offering=school, state__in=[State.ACCEPTED, State.OFFERED]).count() == 1
    )

    # Nobody else can take the offered seat meanwhile.
    assert register(school).state == State.WAITLISTED

    # One second before the deadline the sweep leaves it alone; at the deadline it passes it on.
    assert services.expire_offers(now=first.offer_expires_at - datetime.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now=first.offer_expires_at) == 1
    first.refresh_from_db(), second.refresh_from_db()
    assert first.state == State.OFFER_EXPIRED
    assert second.state == State.OFFERED
    with pytest.raises(services.RegistrationError):
        services.accept_offer(first, by=first.participant)

    services.accept_offer(second, by=second.participant, now=first.offer_expires_at)
    second.refresh_from_db()
    assert second.state == State.ACCEPTED and second.offer_expires_at is None


def test_the_expiry_sweep_is_a_registered_beat_task():
    from django_celery_beat.models import PeriodicTask

    from summerschool.tasks import expire_offers_task

    task = PeriodicTask.objects.get(task=expire_offers_task.name)
    assert task.enabled and task.interval is not None


def test_transitions_follow_the_table():
    assert MACHINE.can(State.ACCEPTED, State.CONFIRMED)
    assert not MACHINE.can(State.WAITLISTED, State.CONFIRMED)
    assert not MACHINE.can(State.CANCELLED, State.ACCEPTED)
    with pytest.raises(InvalidTransition):
        MACHINE.check(State.COMPLETED, State.CANCELLED)
    school = SummerSchoolFactory()
    reg = register(school)
    services.cancel(reg, by=reg.participant)
    with pytest.raises(services.RegistrationError):
        services.cancel(reg, by=reg.participant)


def test_registering_twice_is_refused_but_allowed_again_after_cancelling():
    school = SummerSchoolFactory()
    person = StudentFactory()
    reg = register(school, person)
    with pytest.raises(services.RegistrationError, match="already registered"):
        register(school, person)
    services.cancel(reg, by=person)
    assert register(school, person).state == State.ACCEPTED


def test_registration_outside_the_window_is_refused():
    school = SummerSchoolFactory()
    with pytest.raises(services.RegistrationError, match="not open"):
        services.register(
            school, StudentFactory(), data=registration_data(), cv=cv_file(), now=school.registration_closes
        )


def test_payment_covering_the_fee_confirms_and_a_double_entry_is_refused(
    django_capture_on_commit_callbacks, mailoutbox
):
    staff = StaffFactory()
    school = SummerSchoolFactory(fee=Decimal("2500"))
    reg = register(school)
    services.record_payment(
        reg, amount=Decimal("1000"), paid_on=datetime.date(2026, 3, 1), bank_reference="A1", by=staff
    )
    reg.refresh_from_db()
    assert reg.state == State.ACCEPTED and reg.balance == Decimal("1500")
    with pytest.raises(services.RegistrationError, match="already recorded"):
        services.record_payment(
            reg, amount=Decimal("1000"), paid_on=datetime.date(2026, 3, 1), bank_reference="A1", by=staff
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.record_payment(
            reg, amount=Decimal("1500"), paid_on=datetime.date(2026, 3, 5), bank_reference="A2", by=staff
        )
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED and reg.balance == 0
    assert reg.transitions.last().actor == staff
    assert "confirmed" in mailoutbox[-1].body


def test_no_payment_on_a_waitlisted_registration():
    school = SummerSchoolFactory(capacity=1)
    register(school)
    waiting = register(school)
    with pytest.raises(services.RegistrationError):
        services.record_payment(
            waiting,
            amount=Decimal("10"),
            paid_on=datetime.date(2026, 3, 1),
            bank_reference="X",
            by=StaffFactory(),
        )


def test_rejecting_a_seat_holder_offers_the_seat():
    school = SummerSchoolFactory(capacity=1)
    holder, waiting = register(school), register(school)
    services.reject(holder, by=StaffFactory(), comment="Not eligible")
    waiting.refresh_from_db()
    assert waiting.state == State.OFFERED


def test_added_seats_are_offered_to_the_waiting_list_in_order():
    school = SummerSchoolFactory(capacity=1)
    register(school)
    first, second, third = register(school), register(school), register(school)
    school.capacity = 3
    school.save()
    offered = services.offer_free_seats(school)
    assert [r.pk for r in offered] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.state == State.WAITLISTED and third.waitlist_position() == 1


def test_the_beat_task_runs_the_sweep():
    from summerschool.tasks import expire_offers_task

    school = SummerSchoolFactory(capacity=1, offer_days=1)
    holder = register(school)
    waiting = register(school)
    services.cancel(holder, by=holder.participant, now=timezone.now() - datetime.timedelta(days=2))
    assert expire_offers_task.apply().get() == 1
    waiting.refresh_from_db()
    assert waiting.state == State.OFFER_EXPIRED


def test_a_registration_made_at_an_instant_dates_its_history_then():
    """The demo registers people on past days: the page said "registered on 3 November" above a
    history dated the day the demo was loaded."""
    school = SummerSchoolFactory(capacity=1, fee=Decimal("2500"))
    then = timezone.now() - datetime.timedelta(days=5)  # registration opened 10 days ago
    first = services.register(school, StudentFactory(), data=registration_data(), cv=cv_file(), now=then)
    second = services.register(school, StudentFactory(), data=registration_data(), cv=cv_file(), now=then)
    free = SummerSchoolFactory(fee=Decimal("0"))
    third = services.register(free, StudentFactory(), data=registration_data(), cv=cv_file(), now=then)
    for registration, last in ((first, State.ACCEPTED), (second, State.WAITLISTED), (third, State.CONFIRMED)):
        moves = list(registration.transitions.all())
        assert [m.at for m in moves] == [then, then] and moves[-1].to_state == last
