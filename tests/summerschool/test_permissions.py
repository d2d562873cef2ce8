"""Issue 12 regressions: academic supervisors are back-office staff but see no summer-school data."""

import pytest
from django.urls import reverse

from summerschool import rules as summerschool_rules
from summerschool.models import State
from tests.factories import StaffFactory, StudentFactory, SupervisorFactory
from tests.summerschool.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return RegistrationFactory(state=State.CONFIRMED)


def test_a_supervisor_sees_no_registration_cv_receipt_or_certificate(client, registration):
    payment = registration.payments.create(amount=10, paid_on="2026-01-05", bank_reference="VIR-1")
    client.force_login(SupervisorFactory())
    for url in [
        reverse("summerschool:registration", args=[registration.pk]),
        reverse("summerschool:cv", args=[registration.pk]),
        reverse("summerschool:receipt", args=[registration.pk, payment.pk]),
        reverse("summerschool:certificate", args=[registration.pk]),
        reverse("admin:summerschool_registration_change", args=[registration.pk]),
    ]:
        assert client.get(url).status_code in (403, 404), url
    assert not summerschool_rules.registrations_visible_to(SupervisorFactory()).exists()


def test_a_supervisors_cancel_is_refused_and_cancels_nothing(client, registration):
    client.force_login(SupervisorFactory())
    assert client.post(reverse("summerschool:cancel", args=[registration.pk])).status_code == 404
    assert client.post(reverse("summerschool:accept_offer", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_staff_read_registrations_but_cancel_from_the_admin_not_as_the_participant(client, registration):
    client.force_login(StaffFactory())
    assert client.get(reverse("summerschool:registration", args=[registration.pk])).status_code == 200
    assert client.post(reverse("summerschool:cancel", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_the_participant_cancels_their_own_and_nobody_elses(client, registration):
    client.force_login(StudentFactory())
    assert client.post(reverse("summerschool:cancel", args=[registration.pk])).status_code == 404
    client.force_login(registration.participant)
    assert client.post(reverse("summerschool:cancel", args=[registration.pk])).status_code == 302
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED
