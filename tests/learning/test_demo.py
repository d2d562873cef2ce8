import io

import pytest
from django.apps import apps
from django.core.management import call_command

from learning.models import GrantPayment, LearningAgreement, VersionStatus
from learning.services import grants
from mobility.models import Status
from partners.models import Institution

pytestmark = pytest.mark.django_db


def _rows_per_model():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_tells_the_three_stories_after_acceptance(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    once = _rows_per_model()
    again = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=again)
    # Running it twice leaves the same data (a second run used to mark the two stories' applications).
    assert _rows_per_model() == once
    assert "0 marks entered" in again.getvalue()
    agreements = {la.record.application.student.email: la for la in LearningAgreement.objects.all()}
    assert len(agreements) == 3
    lea = agreements["student@iro.example"]
    assert lea.record.institution.name == "Karolinska Institutet"
    assert [v.status for v in lea.versions.all()] == [VersionStatus.SUBMITTED]  # in progress
    lucie = agreements["lucie.moreau@student.iro.example"].record
    assert lucie.stay.arrival_date and not lucie.stay.departure_date
    assert [p.instalment for p in GrantPayment.objects.filter(grant__record=lucie)] == ["first"]
    paul = agreements["paul.rousseau@student.iro.example"].record
    assert paul.application.status == Status.COMPLETED and paul.recognised_at
    numbers = grants.figures(paul)
    assert len(numbers.payments) == 2 and numbers.remaining == 0 and numbers.total > 0
    assert Institution.objects.get(name="Karolinska Institutet").erasmus_code_official == "S  STOCKHO03"
    assert Institution.objects.get(name="Karolinska Institutet").schac_id == "ki.se"
    assert Institution.objects.exclude(erasmus_code=None).count() >= 25
