"""Coordinators see their own institutions only; signed agreements are never public."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core import academic
from mobility.models import Status
from partners.models import Direction
from tests.factories import (
    AgreementFactory,
    CoordinatorFactory,
    InstitutionFactory,
    StaffFactory,
    StudentFactory,
)
from tests.mobility.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
NOW = academic.current_academic_year()


@pytest.fixture
def two_partners():
    a = AgreementFactory(institution=InstitutionFactory(name="Heidelberg University"), outgoing_seats=3)
    b = AgreementFactory(institution=InstitutionFactory(name="Karolinska Institutet", country="SE"))
    for agreement in (a, b):
        agreement.signed_document.save("signed.pdf", ContentFile(PDF))
    coordinator = CoordinatorFactory(institutions=[a.institution])
    return a, b, coordinator


def test_dashboard_shows_own_agreements_with_seats_used_and_left(client, two_partners):
    a, _b, coordinator = two_partners
    call = CallFactory(academic_year=NOW, agreements=[a])
    ApplicationFactory(call=call, status=Status.ACCEPTED, allocated_agreement=a, direction=Direction.OUTGOING)
    client.force_login(coordinator)
    response = client.get(reverse("partners:coordinator_dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Heidelberg University" in body and "Karolinska" not in body
    usage = response.context["institutions"][0].seat_rows[0].years[0][1]
    assert (usage["outgoing"].used, usage["outgoing"].left) == (1, 2)
    assert "1 of 3 used" in body


def test_coordinator_gets_404_for_another_institutions_document(client, two_partners):
    a, b, coordinator = two_partners
    client.force_login(coordinator)
    own = client.get(reverse("partners:agreement_document", args=[a.pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("partners:agreement_document", args=[b.pk])).status_code == 404


def test_students_and_strangers_get_404_staff_get_the_file(client, two_partners):
    a, _b, _coordinator = two_partners
    url = reverse("partners:agreement_document", args=[a.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page, no file
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_the_file_has_no_public_url(client, two_partners):
    a, _b, _coordinator = two_partners
    assert "/media/" not in a.signed_document.url
    assert client.get(a.signed_document.url).status_code in (302, 403, 404)


def test_dashboard_is_404_for_students(client):
    client.force_login(StudentFactory())
    assert client.get(reverse("partners:coordinator_dashboard")).status_code == 404


def test_expired_agreement_offers_no_seat():
    agreement = AgreementFactory(valid_from_year=NOW - 4, valid_to_year=NOW - 1, outgoing_seats=5)
    assert agreement.seats(Direction.OUTGOING, NOW) == 0
    assert agreement.status == "expired"
    draft = AgreementFactory(is_signed=False, outgoing_seats=5)
    assert draft.seats(Direction.OUTGOING, NOW) == 0 and draft.status == "draft"


def test_agreement_rules_are_explained():
    from django.core.exceptions import ValidationError

    agreement = AgreementFactory.build(
        institution=InstitutionFactory(),
        valid_from_year=NOW,
        valid_to_year=NOW - 1,
        study_year_min=5,
        study_year_max=3,
    )
    with pytest.raises(ValidationError) as info:
        agreement.full_clean()
    assert "cannot end before it starts" in str(info.value)
    assert "last study year cannot come before the first" in str(info.value)


def test_erasmus_code_is_validated_and_normalised():
    from django.core.exceptions import ValidationError

    institution = InstitutionFactory(erasmus_code="f  paris482")
    assert institution.erasmus_code == "F PARIS482"
    bad = InstitutionFactory.build(erasmus_code="PARIS")
    with pytest.raises(ValidationError) as info:
        bad.full_clean()
    assert "is not an Erasmus code" in str(info.value)
