"""A participant registers for a project's training session from the project page, in a real browser."""

import datetime

import pytest
from django.utils import timezone

from projects import services as project_services
from projects.models import Project, SessionKind, TrainingSession
from summerschool.models import Registration, State
from tests.conftest import login_as
from tests.factories import StaffFactory, StudentFactory
from tests.summerschool.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_register_for_a_training_session_from_the_project_page(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    project = Project.objects.create(
        acronym="IDEAL4PREPAREDNESS",
        slug="ideal4preparedness",
        title="Infectious Diseases Education Advanced Level for better Preparedness",
        summary="A common curriculum in infectious diseases.",
        start_year=2025,
    )
    today = timezone.localdate()
    session = TrainingSession.objects.create(
        project=project,
        kind=SessionKind.ADVANCED,
        title="Advanced session: outbreak preparedness",
        audience="medical students",
        starts_on=today + datetime.timedelta(days=70),
        ends_on=today + datetime.timedelta(days=74),
        location="Paris, iLumens Simulation Center",
    )
    now = timezone.now()
    project_services.open_registrations(
        session,
        by=StaffFactory(),
        capacity=20,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=30),
        hours=35,
    )
    student = StudentFactory(first_name="Marta", last_name="Nowak")
    login_as(page, student)

    page.goto(f"{page.live_server_url}/projects/ideal4preparedness/")
    box = page.get_by_test_id("session-registration")
    assert "20 seats left" in box.inner_text() and "Free" in box.inner_text()
    screenshot(page, f"project-session-open-{width}")
    page.get_by_test_id("register-session").click()
    assert "Projects" in page.locator(".breadcrumb").inner_text()
    page.fill("#id_institution_name", "Warszawski Uniwersytet Medyczny")
    page.fill("#id_field_of_study", "Medicine")
    page.select_option("#id_level_of_study", "graduate")
    page.fill("#id_motivation", "Outbreak preparedness is the field I want to work in.")
    page.fill("#id_address", "ul. Żwirki i Wigury 61\n02-091 Warszawa\nPoland")
    page.set_input_files(
        "#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    screenshot(page, f"project-session-register-{width}")
    page.get_by_role("button", name="Submit my registration").click()

    assert page.get_by_test_id("state").inner_text() == "Confirmed"
    screenshot(page, f"project-session-registration-{width}")
    registration = Registration.objects.get(participant=student)
    session.refresh_from_db()
    assert (registration.offering, registration.state) == (session.offering, State.CONFIRMED)
    page.goto(f"{page.live_server_url}/projects/ideal4preparedness/")
    assert "19 seats left" in page.get_by_test_id("session-registration").inner_text()
