"""Summer-school pages and bulk moves make the same number of queries at 3 and at 30 rows (issue 19;
benchmarks/scale.py measures them at 100,000)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summerschool import services
from summerschool.models import Payment, Registration, RegistrationTransition, State
from tests.factories import StaffFactory, StudentFactory
from tests.query_counts import LARGE, SMALL, at_two_sizes
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory

pytestmark = pytest.mark.django_db


def _school_over(**kwargs):
    """A school whose last day has come: its participants can complete."""
    starts = timezone.localdate() - datetime.timedelta(days=20)
    return SummerSchoolFactory(starts_on=starts, ends_on=starts + datetime.timedelta(days=11), **kwargs)


def test_my_registrations_gives_waiting_list_positions_without_a_query_each(client):
    person = StudentFactory()
    client.force_login(person)

    def grow(n):
        for _ in range(n):
            school = SummerSchoolFactory(capacity=1)
            RegistrationFactory(offering=school, state=State.CONFIRMED)
            RegistrationFactory(offering=school, state=State.WAITLISTED)  # someone ahead
            RegistrationFactory(offering=school, participant=person, state=State.WAITLISTED)

    small, large = at_two_sizes(client, reverse("summerschool:my_registrations"), grow)
    # Session and user, the registrations with their schools and positions (+ savepoint, release).
    assert small == large == 5
    body = client.get(reverse("summerschool:my_registrations")).content.decode()
    assert body.count("number 2 on the list") == LARGE


def test_the_position_annotated_is_the_one_counted(client):
    school = SummerSchoolFactory(capacity=1)
    queued = timezone.now()
    regs = [
        RegistrationFactory(
            offering=school, state=State.WAITLISTED, queued_at=queued + datetime.timedelta(minutes=m)
        )
        for m in (5, 0, 0, 9)
    ]
    RegistrationFactory(offering=school, state=State.OFFERED)
    annotated = {r.pk: r.waitlist_position() for r in Registration.objects.with_waitlist_position()}
    counted = {r.pk: Registration.objects.get(pk=r.pk).waitlist_position() for r in regs}
    assert annotated == {**counted, **{pk: None for pk in annotated if pk not in counted}}
    assert sorted(counted.values()) == [1, 2, 3, 4]


def test_catalogue_queries_do_not_grow_with_the_schools(client):
    def grow(n):
        for _ in range(n):
            school = SummerSchoolFactory(capacity=1)
            RegistrationFactory(offering=school, state=State.CONFIRMED)

    small, large = at_two_sizes(client, reverse("summerschool:list"), grow)
    assert small == large


def test_admin_registration_list_queries_do_not_grow_with_the_registrations_or_offerings(client):
    client.force_login(StaffFactory())

    def grow(n):
        for _ in range(n):
            registration = RegistrationFactory()  # each with its own offering
            Payment.objects.create(
                registration=registration, amount=100, paid_on=timezone.localdate(), bank_reference="VIR"
            )

    url = reverse("admin:summerschool_registration_changelist")
    small, large = at_two_sizes(client, url, grow)
    assert small == large
    body = client.get(url).content.decode()
    assert "100 / 2,500" in body


def test_mark_completed_makes_the_same_queries_for_3_and_30_participants(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    counts = []
    for n in (SMALL, LARGE):
        school = _school_over()
        regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(n)]
        with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as context:
            [run] = services.mark_completed(regs, by=staff)
        counts.append(len(context))
        assert run.total == n and len(callbacks) == n  # one certificate task each, after the commit
        assert Registration.objects.filter(pk__in=[r.pk for r in regs], state=State.COMPLETED).count() == n
        assert (
            RegistrationTransition.objects.filter(registration__in=regs, to_state=State.COMPLETED).count()
            == n
        )
    # Savepoint, lock, update, history rows, the run, its items, release.
    assert counts == [7, 7]


def test_mark_completed_leaves_those_who_cannot_complete():
    school = _school_over()
    confirmed = RegistrationFactory(offering=school, state=State.CONFIRMED)
    waiting = RegistrationFactory(offering=school, state=State.WAITLISTED)
    [run] = services.mark_completed([confirmed, waiting], by=StaffFactory())
    assert run.total == 1
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.state, confirmed.attended, waiting.state) == (State.COMPLETED, True, State.WAITLISTED)
    assert services.mark_completed([waiting], by=StaffFactory()) == []


def test_expire_offers_locks_each_offering_once_however_many_offers_lapsed():
    school = SummerSchoolFactory(capacity=LARGE)
    past = timezone.now() - datetime.timedelta(hours=1)
    for _ in range(5):
        RegistrationFactory(offering=school, state=State.OFFERED, offer_expires_at=past)
    with CaptureQueriesContext(connection) as context:
        assert services.expire_offers() == 5
    offering_locks = [
        q["sql"]
        for q in context.captured_queries
        if 'FROM "summerschool_offering"' in q["sql"] and "FOR UPDATE" in q["sql"]
    ]
    if connection.features.has_select_for_update:
        assert len(offering_locks) == 1
    distinct = [q["sql"] for q in context.captured_queries if "DISTINCT" in q["sql"]]
    assert len(distinct) == 1 and "ORDER BY" not in distinct[0]
