"""The demo data says what the source documents say (the brochure and the IMEP page, copied in
context/): who is offered in which call, whose eligibility list sits where, which deadlines are final."""

import io

import pytest

from accounts import demo as accounts_demo
from mobility import demo as mobility_demo
from mobility.models import Call
from partners import demo as partners_demo
from partners.demo import EUROPE_EXCHANGES
from partners.models import Agreement, AgreementKind, Direction

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo as `seed_demo` loads it (partners first), once for the module."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            accounts_demo.seed(io.StringIO())
            partners_demo.seed(io.StringIO())
            mobility_demo.seed(io.StringIO())
            yield
            transaction.set_rollback(True)


def outgoing(title, year=2027):
    return Call.objects.get(title__startswith=title, academic_year=year, direction=Direction.OUTGOING)


def test_every_european_partner_is_offered_in_the_erasmus_call(seeded):
    erasmus = outgoing("Erasmus+")
    offered = set(erasmus.agreements.values_list("institution__name", flat=True))
    assert offered == {row[0] for row in EUROPE_EXCHANGES}
    assert len(offered) == 29
    assert "29 European partner universities" in erasmus.description  # counted, as the brochure says
    in_no_call = Agreement.objects.filter(kind=AgreementKind.ACADEMIC_EXCHANGE, calls__isnull=True)
    assert not in_no_call.exists()


def test_nus_is_a_bilateral_exchange_with_its_own_call_not_erasmus(seeded):
    nus = Agreement.objects.get(institution__name="National University of Singapore")
    assert nus.kind == AgreementKind.BILATERAL_EXCHANGE
    assert list(outgoing("Academic exchange with the National University").agreements.all()) == [nus]
    assert nus not in outgoing("IMEP").agreements.all()
    assert nus not in outgoing("Erasmus+").agreements.all()


def test_ucd_is_in_the_clinical_call_and_tracks_are_for_clinical_placements_only(seeded):
    clinical = outgoing("Clinical placements")
    assert clinical.agreements.filter(institution__name="University College Dublin").exists()
    european = Agreement.objects.filter(kind=AgreementKind.ACADEMIC_EXCHANGE)
    assert european.count() == 29
    assert not european.filter(french_track=True).exists()
    assert not Agreement.objects.filter(kind=AgreementKind.CLINICAL_PLACEMENT, french_track=False).exists()


def test_the_imep_list_is_on_the_incoming_call_and_the_outgoing_documents_close_on_1_november(seeded):
    incoming = Call.objects.get(title__startswith="IMEP", direction=Direction.INCOMING)
    incoming_rules = " ".join(incoming.criteria.values_list("text", flat=True))
    assert "Alliance Française" in incoming_rules and "carte de séjour" in incoming_rules
    for year in (2026, 2027):
        imep = outgoing("IMEP", year)
        rules = " ".join(imep.criteria.values_list("text", flat=True))
        assert "Alliance Française" not in rules and "carte de séjour" not in rules
        assert imep.documents_deadline == imep.application_deadline
        assert imep.application_deadline.astimezone(imep.application_deadline.tzinfo).day == 1
    assert [a.institution.name for a in incoming.agreements.all()] == ["UT Southwestern Medical Center"]
