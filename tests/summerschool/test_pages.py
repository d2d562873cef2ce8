"""Pages and permissions: catalogue on an empty and a full database, privacy, French."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from summerschool import services
from summerschool.models import State
from tests.factories import NetworkFactory, StaffFactory, StudentFactory

from .factories import RegistrationFactory, SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db


def test_catalogue_works_on_an_empty_database(client):
    response = client.get(reverse("summerschool:list"))
    assert response.status_code == 200
    assert "No summer school is open" in response.content.decode()


def test_catalogue_lists_upcoming_schools_full_ones_with_their_waiting_list_in_few_queries(
    client, django_assert_num_queries
):
    full = SummerSchoolFactory(title="Full school", capacity=1)
    RegistrationFactory(offering=full, state=State.CONFIRMED)
    RegistrationFactory(offering=full, state=State.WAITLISTED)
    open_school = SummerSchoolFactory(title="Open school", capacity=5)
    open_school.waiver_networks.add(NetworkFactory(name="Circle U.", slug="circle-u"))
    SummerSchoolFactory(title="Hidden school", is_published=False)
    past = timezone.localdate() - datetime.timedelta(days=30)
    SummerSchoolFactory(title="Past school", starts_on=past, ends_on=past + datetime.timedelta(days=11))
    # The count, the page's ids, its seats, its waiver networks, the past editions (+ the request's
    # savepoint and its release).
    with django_assert_num_queries(7):
        body = client.get(reverse("summerschool:list")).content.decode()
    current, _sep, past_editions = body.partition('data-testid="past-editions"')
    assert "Open school" in current and "5 seats left" in current
    assert "free for members of Circle U." in current
    card = current[current.index("Full school") :]
    assert "Full — waiting list open" in card and "1 person waiting" in card
    assert "Hidden school" not in body
    assert "Past school" not in current and "Past school" in past_editions


def test_registration_pages_are_private(client):
    registration = RegistrationFactory()
    url = reverse("summerschool:registration", args=[registration.pk])
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("summerschool:cv", args=[registration.pk])).status_code == 404
    client.force_login(registration.participant)
    assert client.get(url).status_code == 200
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_register_needs_login_and_refuses_a_fake_cv(client):
    school = SummerSchoolFactory()
    url = reverse("summerschool:register", args=[school.slug])
    assert client.get(url).status_code == 302
    client.force_login(StudentFactory())
    data = {**registration_data(), "institution": "", "level_of_study": "graduate"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    data["cv"] = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "its content was checked" in response.content.decode()
    assert not school.registrations.exists()
    data["cv"] = cv_file()
    response = client.post(url, data)
    assert response.status_code == 302
    assert school.registrations.get().state == State.ACCEPTED


@pytest.fixture
def back_to_english():
    """A French request leaves French active in this thread: later tests expect English."""
    yield
    translation.activate("en")


def test_pages_and_emails_in_french(client, django_capture_on_commit_callbacks, mailoutbox, back_to_english):
    school = SummerSchoolFactory(fee=Decimal("2500"))
    person = StudentFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(school, person, data=registration_data(), cv=cv_file())
    assert "Merci de régler les frais" in mailoutbox[0].body
    client.force_login(person)
    other = SummerSchoolFactory()
    response = client.get(
        reverse("summerschool:register", args=[other.slug]), headers={"accept-language": "fr"}
    )
    body = response.content.decode()
    assert "Vos frais" in body
    response = client.get(reverse("summerschool:list"), headers={"accept-language": "fr"})
    assert "Écoles d’été" in response.content.decode()


def test_the_form_sends_someone_already_registered_to_their_registration(client):
    school = SummerSchoolFactory()
    person = StudentFactory()
    registration = services.register(school, person, data=registration_data(), cv=cv_file())
    client.force_login(person)
    response = client.get(reverse("summerschool:register", args=[school.slug]))
    assert response["Location"] == registration.get_absolute_url()


def test_a_participant_sees_their_registration_state_as_a_badge_on_the_school_page(client):
    from summerschool.models import State

    from .factories import RegistrationFactory

    registration = RegistrationFactory(state=State.CONFIRMED)
    client.force_login(registration.participant)
    page = client.get(registration.offering.get_absolute_url()).content.decode()
    assert 'data-testid="my-registration-state"' in page
    assert f"text-bg-{registration.state_tone}" in page and registration.get_state_display() in page
