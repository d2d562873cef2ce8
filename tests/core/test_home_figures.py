"""The home page's figures come from the data: partners in force, last year's mobilities, the
next summer school — nothing typed into the template ("50+ partners", a past July)."""

import datetime

import pytest
from django.utils import timezone

from core import academic
from partners.models import AgreementKind, Direction
from tests.factories import AgreementFactory, InstitutionFactory
from tests.mobility.factories_records import MobilityRecordFactory
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = pytest.mark.django_db


def figure(html, testid):
    import re

    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1).strip()


def test_an_empty_portal_says_zero_and_announces_no_school(client):
    html = client.get("/").content.decode()
    assert figure(html, "home-partners") == "0"
    assert "50+" not in html and "July 2026" not in html
    assert 'data-testid="home-next-school"' not in html


def test_the_figures_follow_the_data(client):
    year = academic.current_academic_year()
    for country in ("DE", "IT", "US"):
        AgreementFactory(institution=InstitutionFactory(country=country))
    AgreementFactory(valid_from_year=year - 5, valid_to_year=year - 1)  # ended: not a partner now
    AgreementFactory(institution=InstitutionFactory(is_home=True))  # the school itself
    MobilityRecordFactory.create_batch(
        3, academic_year=year - 1, direction=Direction.OUTGOING, programme=AgreementKind.ACADEMIC_EXCHANGE
    )
    MobilityRecordFactory(
        academic_year=year - 1, direction=Direction.INCOMING, programme=AgreementKind.ACADEMIC_EXCHANGE
    )
    MobilityRecordFactory(
        academic_year=year, direction=Direction.OUTGOING, programme=AgreementKind.ACADEMIC_EXCHANGE
    )
    MobilityRecordFactory.create_batch(
        2, academic_year=year - 1, direction=Direction.OUTGOING, programme=AgreementKind.CLINICAL_PLACEMENT
    )
    today = timezone.localdate()
    SummerSchoolFactory(title="Past school", starts_on=today - datetime.timedelta(days=30))
    SummerSchoolFactory(title="Hands-on 2027", starts_on=today + datetime.timedelta(days=60))
    html = client.get("/").content.decode()
    assert figure(html, "home-partners") == "3"
    assert figure(html, "home-academic") == "3"  # outgoing, the last year that has ended
    assert figure(html, "home-clinical") == "2"
    assert academic.label(year - 1) in html
    assert "Erasmus+ exchanges with 2 partner universities in Europe" in html  # DE and IT
    assert "Hands-on 2027" in html and "Past school" not in html


def test_a_year_not_yet_recorded_is_not_shown_as_a_fall(client):
    year = academic.current_academic_year()
    MobilityRecordFactory.create_batch(
        4, academic_year=year - 3, direction=Direction.OUTGOING, programme=AgreementKind.ACADEMIC_EXCHANGE
    )
    html = client.get("/").content.decode()
    assert figure(html, "home-academic") == "4" and academic.label(year - 3) in html
