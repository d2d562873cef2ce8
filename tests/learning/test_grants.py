import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from learning.models import GrantPayment, Instalment
from learning.services import grants, period
from learning.services.errors import LearningError
from mobility.models import MobilityRecord

from .factories import grant_rates, incoming_mobility, outgoing_mobility, pdf_upload, signed

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2026, 9, 1), D(2027, 2, 10), (5, 10)),  # the Programme Guide's example shape
        (D(2026, 9, 1), D(2027, 1, 31), (5, 0)),  # a 31st counts as the 30th
        (D(2027, 2, 1), D(2027, 2, 28), (1, 0)),  # February's last day is the 30th
        (D(2026, 9, 15), D(2026, 12, 14), (3, 0)),
        (D(2026, 10, 1), D(2026, 10, 1), (0, 1)),
        (D(2026, 9, 1), D(2027, 6, 30), (10, 0)),
    ],
)
def test_duration_on_a_30_day_month_basis(start, end, expected):
    assert grants.duration(start, end) == expected


def test_monthly_amount_by_hand():
    # 5 months 10 days at 540 €: 5 × 540 + 10 × 540 / 30 = 2,700 + 180.
    assert grants.monthly_amount(Decimal("540"), 5, 10) == Decimal("2880.00")
    # 3 months 7 days at 490 €: 1,470 + 114.333… = 1,584.33.
    assert grants.monthly_amount(Decimal("490"), 3, 7) == Decimal("1584.33")


def test_grant_follows_the_dates_and_top_ups(staff):
    grant_rates(2026)
    record, coordinator = outgoing_mobility(staff, country="DE")  # group 2, 1 Sep → 10 Feb
    numbers = grants.figures(record)
    assert (numbers.group, numbers.rate, numbers.months, numbers.days) == (2, Decimal("540.00"), 5, 10)
    assert numbers.total == Decimal("2880.00")
    assert numbers.first_due == Decimal("2016.00")  # 70 %
    grants.set_top_ups(record, by=staff, fewer_opportunities=True, green_travel=True)
    record = MobilityRecord.objects.get(pk=record.pk)
    numbers = grants.figures(record)
    # + 250 € × 5 months 10 days (1,333.33) + 50 € once.
    assert numbers.fewer_opportunities == Decimal("1333.33")
    assert numbers.total == Decimal("4263.33")
    # The host confirms other dates: recomputed at once (15 Sep → 14 Dec = 3 months).
    signed(record, staff, coordinator)
    period.confirm_arrival(record, by=coordinator, date=D(2026, 9, 15))
    period.confirm_departure(record, by=coordinator, date=D(2026, 12, 14))
    record = MobilityRecord.objects.get(pk=record.pk)
    numbers = grants.figures(record)
    assert numbers.confirmed_dates and (numbers.months, numbers.days) == (3, 0)
    assert numbers.total == Decimal("1620.00") + Decimal("750.00") + Decimal("50.00")


def test_no_grant_for_incoming_students_nor_without_a_rate(staff):
    grant_rates(2026)
    record, _c = incoming_mobility()
    assert not grants.figures(record).applies
    outside, _c = outgoing_mobility(staff, country="CH")
    assert grants.figures(outside).problem


def test_two_instalments_first_after_signature_rest_after_recognition(staff):
    grant_rates(2026)
    record, coordinator = outgoing_mobility(staff)
    with pytest.raises(LearningError, match="signed"):
        grants.record_payment(record, by=staff, instalment=Instalment.FIRST)
    with pytest.raises(PermissionDenied):
        grants.record_payment(record, by=coordinator, instalment=Instalment.FIRST)
    version = signed(record, staff, coordinator)
    first = grants.record_payment(record, by=staff, instalment=Instalment.FIRST, reference="VIR-1")
    again = grants.record_payment(record, by=staff, instalment=Instalment.FIRST)  # a double click
    assert first.pk == again.pk and GrantPayment.objects.count() == 1
    assert first.amount == Decimal("2016.00")
    with pytest.raises(LearningError, match="recognition"):
        grants.record_payment(record, by=staff, instalment=Instalment.FINAL)
    period.confirm_arrival(record, by=coordinator, date=D(2026, 9, 1))
    period.confirm_departure(record, by=coordinator, date=D(2027, 2, 10))
    period.upload_transcript(record, by=coordinator, file=pdf_upload())
    decisions = {c.pk: (True, "14/20", "") for c in version.table_b}
    period.record_recognition(record, by=staff, decisions=decisions)
    record = MobilityRecord.objects.get(pk=record.pk)
    final = grants.record_payment(record, by=staff, instalment=Instalment.FINAL)
    assert final.amount == Decimal("864.00")
    numbers = grants.figures(record)
    assert numbers.paid == Decimal("2880.00") and numbers.remaining == Decimal("0.00")


@pytest.mark.parametrize(
    "months, days, english, french",
    [
        (2, 0, "2 months", "2 mois"),
        (1, 1, "1 month and 1 day", "1 mois et 1 jour"),
        (2, 10, "2 months and 10 days", "2 mois et 10 jours"),
        (0, 10, "10 days", "10 jours"),
        (0, 1, "1 day", "1 jour"),
    ],
)
def test_a_duration_reads_as_people_write_it(months, days, english, french):
    from django.utils import translation

    assert grants.duration_text(months, days) == english
    with translation.override("fr"):
        assert grants.duration_text(months, days) == french


def test_the_mobility_page_says_two_months_not_two_months_and_zero_days(client, staff):
    from django.urls import reverse

    record, _coordinator = outgoing_mobility(staff)
    grant_rates(2026)
    MobilityRecord.objects.filter(pk=record.pk).update(start_date=D(2026, 9, 1), end_date=D(2026, 10, 31))
    client.force_login(record.application.student)
    url = reverse("learning:agreement", args=[record.pk])
    english = " ".join(client.get(url).content.decode().split())
    french = " ".join(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode().split())
    # The stay's duration and the grant's.
    assert 'data-testid="duration">2 months' in english and "2 months (planned dates)" in english
    assert 'data-testid="duration">2 mois' in french and "2 mois (dates prévues)" in french
    assert "0 days" not in english and "0 jours" not in french
