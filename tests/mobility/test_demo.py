import io

import pytest

from accounts import demo as accounts_demo
from mobility.demo import calls as demo
from mobility.models import Application, Call, EligibilityCriterion, Status

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_has_the_imep_call_with_its_rules():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (Call.objects.count(), Application.objects.count(), EligibilityCriterion.objects.count())
    demo.seed(io.StringIO())
    assert (Call.objects.count(), Application.objects.count(), EligibilityCriterion.objects.count()) == counts
    imep = Call.objects.get(title__startswith="IMEP", academic_year=2027)
    assert imep.application_deadline.isoformat() == "2026-11-01T22:59:00+00:00"  # 23:59 Paris time
    assert imep.decision_date.isoformat() == "2027-01-01"
    texts = " ".join(imep.criteria.values_list("text", flat=True))
    for rule in ("good standing", "Global Health", "funds for the US visa"):
        assert rule.lower() in texts.lower()
    # UT Southwestern's list is for its students coming to Paris (tests/mobility/test_demo_sources.py).
    assert "Alliance Française" not in texts and "carte de séjour" not in texts
    mine = Application.objects.filter(student__email="student@iro.example")
    confirmed = mine.get(status=Status.CONFIRMED)
    assert confirmed.allocated_agreement.institution.name == "Karolinska Institutet"
    assert {a.status for a in mine} == {Status.CONFIRMED, Status.UNDER_REVIEW, Status.DRAFT}
    assert set(Application.objects.values_list("status", flat=True)) >= {
        Status.COMPLETED, Status.REJECTED, Status.WAITLISTED, Status.WITHDRAWN,
    }  # fmt: skip
