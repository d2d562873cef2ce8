"""The back office in French names its sections and fields in French (found by the page review:
"MOBILITY", "PARTNERS", "Student :", "Call :" and the supervisor's "Application :" were English)."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, SupervisorFactory
from tests.mobility.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _fr(client, url):
    """The page in French, its no-break spaces and apostrophes written plainly."""
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    return page.replace("\xa0", " ").replace("&#x27;", "’").replace("'", "’")


def test_the_admin_index_names_every_section_in_french(client):
    client.force_login(StaffFactory())
    page = _fr(client, reverse("admin:index"))
    sections = ("Comptes", "Mobilité", "Partenaires", "Écoles d’été", "Projets Erasmus+", "Courriels envoyés")
    for section in sections:
        assert f">{section}</a>" in page, section
    for english in (
        ">Mobility</a>",
        ">Partners</a>",
        ">Summer schools</a>",
        ">Accounts</a>",
        ">Post Office</a>",
    ):
        assert english not in page
    assert "Bureau des relations internationales" in page


def test_an_applications_fields_and_a_supervisors_form_in_french(client):
    application = ApplicationFactory(complete=True)
    client.force_login(StaffFactory())
    page = _fr(client, reverse("admin:mobility_application_change", args=[application.pk]))
    assert "<label>Étudiant :</label>" in page and "<label>Appel :</label>" in page
    assert "Student :" not in page and "Call :" not in page
    client.force_login(SupervisorFactory())
    page = _fr(client, reverse("admin:mobility_recommendation_add"))
    assert '<label class="required" for="id_application">Candidature :</label>' in page


def test_the_eligibility_filter_writes_its_colon_the_french_way(client):
    from mobility.models import EligibilityCriterion

    application = ApplicationFactory(complete=True)
    EligibilityCriterion.objects.create(call=application.call, text="Good standing", order=0)
    client.force_login(StaffFactory())
    page = _fr(client, reverse("admin:mobility_application_changelist"))
    assert "Good standing : non rempli" in page and "Good standing: " not in page


def test_every_history_in_the_admin_writes_its_dates_and_states_the_same_way(client):
    """Applications, nominations and registrations share one history list (core.admin_mixins
    .HistoryInline): the nominations' and registrations' wrote Django's raw dates."""
    import datetime

    from django.utils import timezone

    from tests.mobility.factories_nominations import incoming_call, nominate, partner
    from tests.summerschool.factories import RegistrationFactory

    coordinator, institution, agreement = partner()
    nomination = nominate(incoming_call(agreements=[agreement]), institution, coordinator)
    registration = RegistrationFactory()
    at = timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 30))
    registration.transitions.create(from_state="", to_state=registration.state, at=at)
    nomination.transitions.update(at=at)
    client.force_login(StaffFactory())
    for url in (
        reverse("admin:mobility_nomination_change", args=[nomination.pk]),
        reverse("admin:summerschool_registration_change", args=[registration.pk]),
    ):
        page = _fr(client, url)
        assert "3 novembre 2026 à 09:30, heure de Paris" in page, url
        assert ">Historique<" in page or ">historique<" in page.lower(), url
