"""Nominations: the nominee's name and address go 6 months after the nomination ends; a
coordinator's copy lists what they did, never their nominees' data; a nominee's copy has theirs."""

import io
import json
import zipfile

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from mobility.models import Nomination
from mobility.services import nominations as services_nominations
from privacy import services
from privacy.export import build_zip
from tests.factories import StudentFactory
from tests.mobility.factories_nominations import incoming_call, nominate, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominations():
    coordinator, institution, agreement = partner(seats=5)
    call = incoming_call(agreements=[agreement])
    withdrawn = nominate(call, institution, coordinator, 1)
    services_nominations.withdraw(withdrawn, by=coordinator)
    nominee = StudentFactory(email="lena2@uni.example")
    claimed = nominate(call, institution, coordinator, 2, email=nominee.email)
    services_nominations.claim(claimed, by=nominee)
    return coordinator, withdrawn, claimed, nominee


def data_of(user):
    archive = zipfile.ZipFile(io.BytesIO(build_zip(user)))
    return json.loads(archive.read("my-data.json")), archive.read("my-data.json").decode()


def test_ended_nomination_forgets_the_nominee_after_six_months(nominations):
    _coordinator, withdrawn, claimed, _nominee = nominations
    assert (
        services.apply_retention(now=timezone.now() + relativedelta(months=5)).counts["closed_nominations"]
        == 0
    )
    run = services.apply_retention(now=timezone.now() + relativedelta(months=6, days=1))
    assert run.counts["closed_nominations"] == 1
    withdrawn = Nomination.objects.get(pk=withdrawn.pk)
    assert withdrawn.last_name == "[erased]" and "lena1" not in withdrawn.email
    assert Nomination.objects.get(pk=claimed.pk).last_name == "Hoffmann2"  # still going on


def test_coordinator_copy_has_no_nominee_data_and_the_nominee_copy_has_theirs(nominations):
    coordinator, withdrawn, claimed, nominee = nominations
    data, text = data_of(coordinator)
    assert data["account"]["email"] == coordinator.email
    assert {n["id"] for n in data["nominations_made"]} == {withdrawn.pk, claimed.pk}
    assert "Hoffmann" not in text and "lena" not in text

    data, text = data_of(nominee)
    assert [n["id"] for n in data["nominations"]] == [claimed.pk]
    assert data["nominations"][0]["nominated_by"] == "partner coordinator"
    assert coordinator.email not in text and "Hoffmann1" not in text


def test_an_open_nomination_blocks_erasure(nominations):
    _coordinator, _withdrawn, _claimed, nominee = nominations
    assert any("nominated" in str(r) for r in services.erasure_blockers(nominee))


def test_erasing_a_coordinator_keeps_their_nominations_without_them(nominations):
    from django.contrib.auth import get_user_model

    from tests.factories import StaffFactory

    from .test_copy_and_erasure import where_is

    coordinator, withdrawn, claimed, _nominee = nominations
    services.confirm_erasure(services.request_erasure(coordinator), StaffFactory())
    assert where_is([coordinator.email, coordinator.get_full_name()]) == []
    closed = get_user_model().objects.get(pk=coordinator.pk)
    assert not closed.is_active and not closed.has_usable_password()
    assert Nomination.objects.filter(pk__in=[withdrawn.pk, claimed.pk], nominated_by=closed).count() == 2
