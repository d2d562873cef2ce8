"""What a partner coordinator reads on their pages, as found by the page review."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from mobility.services import nominations as services_nominations
from partners.models import AgreementKind
from tests.mobility.factories_nominations import incoming_call, nominate, partner

pytestmark = pytest.mark.django_db


def _text(response):
    return " ".join(strip_tags(response.content.decode()).split())


def test_a_withdrawn_nomination_expects_no_document(client):
    """It said "The student has not started the application yet. Missing: …" after the withdrawal."""
    coordinator, institution, agreement = partner()
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator)
    client.force_login(coordinator)
    url = reverse("mobility:nomination", args=[nomination.pk])
    assert "Missing: Transcript of records" in _text(client.get(url))
    services_nominations.withdraw(nomination, by=coordinator, comment="Changed plans.")
    english = _text(client.get(url))
    assert "Missing" not in english and "has not started" not in english
    assert "The nomination is closed: no document is expected." in english
    french = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "La nomination est close : aucun document n’est attendu." in french


def test_the_dashboard_names_an_exchanges_duration_without_a_dangling_dot(client):
    """An agreement without language tracks ended its line with "Un semestre ou une année complète ·"."""
    coordinator, _institution, agreement = partner()
    agreement.english_track = agreement.french_track = False
    agreement.save()
    client.force_login(coordinator)
    page = client.get(reverse("partners:coordinator_dashboard")).content.decode()
    line = " ".join(page.split('class="small text-muted mb-2">')[1].split("</p>")[0].split())
    assert not line.rstrip().endswith("·"), line
    clinical, _i, _a = partner(kind=AgreementKind.CLINICAL_PLACEMENT, french_track=True)
    client.force_login(clinical)
    page = client.get(reverse("partners:coordinator_dashboard")).content.decode()
    assert "· French / English" in " ".join(page.split())  # the tracks, where there are some


def test_the_nominations_page_lists_the_coordinators_institutions_as_a_sentence(client):
    """ "Students you nominate for Heidelberg University, University of Liverpool" read as a list."""
    from tests.factories import InstitutionFactory

    coordinator, _first, _agreement = partner(name="Heidelberg University")
    coordinator.coordinated_institutions.add(InstitutionFactory(name="University of Liverpool"))
    client.force_login(coordinator)
    url = reverse("mobility:nominations")
    assert "for Heidelberg University and University of Liverpool receive" in _text(client.get(url))
    french = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "pour Heidelberg University et University of Liverpool" in french
