"""One mechanism: a project activity (not a summer school) uses the same registration machinery."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from summerschool import selectors, services
from summerschool.models import Offering, OfferingKind, State, SummerSchool
from tests.factories import StaffFactory, StudentFactory

from .factories import cv_file, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    today = timezone.localdate()
    return Offering.objects.create(
        kind=OfferingKind.PROJECT_ACTIVITY,
        title="IDEAL4PREPAREDNESS — Train the Trainers seminar",
        slug="ideal4preparedness-train-the-trainers",
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=42),
        capacity=1,
        fee=Decimal("0"),
        ects=Decimal("0"),
        hours=20,
        registration_opens=timezone.now() - datetime.timedelta(days=1),
        registration_closes=timezone.now() + datetime.timedelta(days=10),
    )


def test_a_project_activity_has_seats_a_waiting_list_and_certificates(
    activity, django_capture_on_commit_callbacks
):
    first = services.register(activity, StudentFactory(), data=registration_data(), cv=cv_file())
    second = services.register(activity, StudentFactory(), data=registration_data(), cv=cv_file())
    assert (first.state, second.state) == (State.CONFIRMED, State.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_completed([first], by=StaffFactory(), now=timezone.now() + datetime.timedelta(days=43))
    first.refresh_from_db()
    assert first.certificate.pdf
    # It is not a summer school: not in the summer school catalogue or admin list.
    assert not SummerSchool.objects.filter(pk=activity.pk).exists()
    assert activity not in selectors.catalogue()


def test_the_registration_form_serves_project_activities(client, activity):
    client.force_login(StudentFactory())
    url = reverse("summerschool:register", args=[activity.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {**registration_data(), "institution": "", "cv": cv_file()})
    assert response.status_code == 302
    assert activity.registrations.get().state == State.CONFIRMED
