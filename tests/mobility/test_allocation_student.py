"""What a student sees of the selection: the offer and its deadline (Paris time) on their dashboard,
confirm / decline there, the parts of their score and their waiting-list rank once published."""

import pytest
from django.utils import translation

from mobility.models import Status
from mobility.services import allocation
from tests.factories import StaffFactory

from .factories_selection import applicant, contest_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    call, (paris_seat, _lyon) = contest_call(seats=(1, 0))
    first = applicant(call, [paris_seat], marks=[18, 9])
    second = applicant(call, [paris_seat], marks=[12, 6])
    third = applicant(call, [paris_seat], marks=[10, 5])
    allocation.publish(call, by=StaffFactory())
    return call, first, second, third


def test_the_dashboard_shows_the_reply_deadline_in_paris_time_and_confirms(client, published):
    _call, first, _second, _third = published
    client.force_login(first.student)
    page = client.get("/applications/").content.decode()
    assert "Reply by" in page and "Paris time" in page
    response = client.post(f"/applications/{first.pk}/status/", {"to": "confirmed", "back": "dashboard"})
    assert response.url == "/applications/"
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_declining_on_the_dashboard_offers_the_place_to_the_next(client, published):
    _call, first, second, third = published
    client.force_login(first.student)
    client.post(f"/applications/{first.pk}/status/", {"to": "withdrawn", "back": "dashboard"})
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.ACCEPTED, Status.WAITLISTED)
    client.force_login(third.student)
    page = client.get(f"/applications/{third.pk}/").content.decode()
    assert "number 1 on the waiting list (number 2 when the results were published)" in page


def test_the_student_sees_the_parts_of_their_score_after_publication_only(client):
    call, (paris_seat, _lyon) = contest_call(seats=(1, 0))
    app = applicant(call, [paris_seat], marks=[15, 5])
    client.force_login(app.student)
    assert "Selection result" not in client.get(f"/applications/{app.pk}/").content.decode()
    allocation.publish(call, by=StaffFactory())
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "Selection result" in page
    assert "Grade average" in page and "15 / 20" in page and "50" in page  # 2×0.75/3 of 100
    assert "Interview" in page and "16.67" in page


def test_the_offer_reads_in_french(client, published):
    _call, first, _second, _third = published
    first.student.language = "fr"
    first.student.save()
    client.force_login(first.student)
    with translation.override("fr"):
        page = client.get("/applications/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réponse avant le" in page or "Répondre avant le" in page
