"""Every form that collects personal data links to the privacy notice."""

import pytest
from django.urls import reverse

from tests.factories import StudentFactory
from tests.mobility.factories import ApplicationFactory
from tests.mobility.factories_nominations import incoming_call, partner
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = pytest.mark.django_db


def _links_the_notice(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    text = page.content.decode()
    assert 'data-testid="privacy-note"' in text and reverse("privacy:notice") in text, url


def test_application_steps_nomination_and_registration_forms_link_the_notice(client):
    application = ApplicationFactory()
    client.force_login(application.student)
    for step in ("personal", "documents"):
        _links_the_notice(client, reverse("mobility:step", args=[application.pk, step]))
    _links_the_notice(client, reverse("mobility:review", args=[application.pk]))

    coordinator, institution, agreement = partner(seats=2)
    call = incoming_call(agreements=[agreement])
    client.force_login(coordinator)
    _links_the_notice(client, reverse("mobility:nominate", args=[call.pk, institution.pk]))

    client.force_login(StudentFactory())
    _links_the_notice(client, reverse("summerschool:register", args=[SummerSchoolFactory().slug]))
    client.logout()
    _links_the_notice(client, reverse("account_signup"))
