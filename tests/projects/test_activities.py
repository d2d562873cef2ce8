"""A project's training session takes registrations through the summer schools' machinery."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services as project_services
from projects.models import Project, SessionKind, TrainingSession
from summerschool import services
from summerschool.models import OfferingKind, State
from tests.factories import StaffFactory, StudentFactory
from tests.summerschool.factories import cv_file, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    project = Project.objects.create(
        acronym="IDEAL4PREPAREDNESS",
        slug="ideal4preparedness",
        title="Infectious Diseases Education Advanced Level for better Preparedness",
        summary="A common curriculum in infectious diseases.",
        start_year=2025,
    )
    today = timezone.localdate()
    return TrainingSession.objects.create(
        project=project,
        kind=SessionKind.TRAIN_THE_TRAINERS,
        title="Train the Trainers seminar",
        audience="young healthcare professionals",
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=44),
        location="Paris, Faculty of Medicine",
    )


def open_session(session, **fields):
    now = timezone.now()
    return project_services.open_registrations(
        session,
        by=StaffFactory(),
        capacity=fields.pop("capacity", 1),
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=20),
        hours=fields.pop("hours", 30),
        **fields,
    )


def test_staff_open_registrations_from_the_session_in_the_admin(client, session):
    client.force_login(StaffFactory())
    changelist = client.get(reverse("admin:projects_trainingsession_changelist")).content.decode()
    url = reverse("admin:projects_trainingsession_open_registrations", args=[session.pk])
    assert url in changelist
    opens = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post(
        url,
        {
            "capacity": 12,
            "fee": "0",
            "registration_opens": opens.strftime("%Y-%m-%dT%H:%M"),
            "registration_closes": (opens + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
            "ects": "0",
            "hours": 30,
        },
    )
    session.refresh_from_db()
    offering = session.offering
    assert response["Location"] == reverse("admin:projects_projectactivity_change", args=[offering.pk])
    assert (offering.kind, offering.capacity, offering.starts_on) == (
        OfferingKind.PROJECT_ACTIVITY,
        12,
        session.starts_on,
    )
    assert offering.title == "IDEAL4PREPAREDNESS — Train the Trainers seminar"
    # Twice is refused, with the reason.
    again = client.post(url, {"capacity": 5, "fee": "0", "registration_opens": "2030-01-01T10:00",
                              "registration_closes": "2030-02-01T10:00", "ects": "0", "hours": 1})  # fmt: skip
    assert "already open" in again.content.decode()


def test_the_project_page_shows_register_with_seats_left(client, session):
    offering = open_session(session, capacity=3)
    page = client.get(session.project.get_absolute_url()).content.decode()
    assert "3 seats left" in page and reverse("summerschool:register", args=[offering.slug]) in page
    assert offering.get_absolute_url() == reverse("projects:activity", args=[offering.slug])
    assert client.get(offering.get_absolute_url())["Location"].endswith(
        f"/projects/ideal4preparedness/#session-{session.pk}"
    )


def test_an_activity_registration_gets_a_certificate_naming_the_project_activity(
    session, django_capture_on_commit_callbacks, mailoutbox, tmp_path
):
    offering = open_session(session, fee=Decimal("120"))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.register(offering, StudentFactory(), data=registration_data(), cv=cv_file())
        second = services.register(offering, StudentFactory(), data=registration_data(), cv=cv_file())
    assert (first.state, second.state) == (State.ACCEPTED, State.WAITLISTED)
    assert "You have a seat at the training session “IDEAL4PREPAREDNESS" in mailoutbox[0].body
    services.record_payment(
        first, amount=Decimal("120"), paid_on=timezone.localdate(), bank_reference="T-1", by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_completed([first], by=StaffFactory(), now=timezone.now() + datetime.timedelta(days=45))
    first.refresh_from_db()
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(first.certificate.pdf.read())
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "has successfully completed the training session" in text
    assert "IDEAL4PREPAREDNESS — Train the Trainers seminar" in text
    assert "of the Erasmus+ project IDEAL4PREPAREDNESS" in text
    assert mailoutbox[-1].attachments[0][0].endswith(".pdf")


def test_a_project_summer_school_is_called_a_summer_school(session):
    session.kind = SessionKind.SUMMER_SCHOOL
    session.save()
    offering = open_session(session, fee=Decimal("300"))
    assert str(offering.the_noun) == "the summer school"
