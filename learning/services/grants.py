"""The Erasmus+ individual grant, computed the way the Programme Guide and the Beneficiary Module do.

Duration: every month counts 30 days (a 31st counts as the 30th, the last day of February as the
30th), first and last day included; the grant is whole months × the monthly rate plus the extra
days × 1/30 of it. 1 September to 10 February is 5 months 10 days: 5 × rate + 10 × rate / 30.
Only outgoing Erasmus+ academic exchanges have an Erasmus+ grant paid by the school (incoming
students are paid by their home university).
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mobility.models import MobilityRecord
from partners.models import AgreementKind, Direction

from .. import rules
from ..models import (
    AgreementVersion,
    CountryGroup,
    Grant,
    GrantPayment,
    GrantRate,
    GrantYear,
    Instalment,
    VersionStatus,
)
from .errors import LearningError

CENT = Decimal("0.01")

# Programme Guide (KA131 higher-education student mobility), groups of programme countries by
# living costs. A country missing here has no Erasmus+ monthly rate in the portal.
COUNTRY_GROUPS = {
    CountryGroup.HIGH: "DK FI IS IE LU SE LI NO",
    CountryGroup.MEDIUM: "AT BE CY FR DE GR IT MT NL PT ES",
    CountryGroup.LOWER: "BG HR CZ EE HU LV LT PL RO RS SK SI MK TR",
}
GROUP_OF = {code: group for group, codes in COUNTRY_GROUPS.items() for code in codes.split()}


def country_group(country_code):
    return GROUP_OF.get(str(country_code or "").upper())


def _day30(day: datetime.date) -> int:
    last = calendar.monthrange(day.year, day.month)[1]
    return 30 if day.day == 31 or (day.month == 2 and day.day == last) else day.day


def duration(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(whole months, extra days) from `start` to `end` inclusive, on a 30-day month basis."""
    if end < start:
        return 0, 0
    days = (end.year - start.year) * 360 + (end.month - start.month) * 30 + _day30(end) - _day30(start) + 1
    return divmod(days, 30)


def duration_text(months: int, days: int) -> str:
    """A duration as people write it, in the active language: "2 months", "1 month and 1 day",
    "10 days" ("2 mois", "1 mois et 1 jour"); a part that is zero is left out. The grant, the
    stay and the certificate of attendance all say it this way."""
    parts = []
    if months:
        parts.append(ngettext("%(n)d month", "%(n)d months", months) % {"n": months})
    if days or not months:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if len(parts) == 2:
        return _("%(months)s and %(days)s") % {"months": parts[0], "days": parts[1]}
    return parts[0]


def monthly_amount(rate: Decimal, months: int, days: int) -> Decimal:
    return (rate * months + rate * days / 30).quantize(CENT, ROUND_HALF_UP)


def has_grant(record) -> bool:
    return record.direction == Direction.OUTGOING and record.programme == AgreementKind.ACADEMIC_EXCHANGE


def grant_dates(record):
    """(start, end, confirmed?): the host's confirmed dates, else the signed (or latest) plan."""
    stay = getattr(record, "stay", None)
    if stay is not None and stay.arrival_date and stay.departure_date:
        return stay.arrival_date, stay.departure_date, True
    agreement = getattr(record, "learning_agreement", None)
    if agreement is not None:
        versions = sorted(agreement.versions.all(), key=lambda v: -v.number)
        chosen = next(
            (v for v in versions if v.status == VersionStatus.APPROVED), versions[0] if versions else None
        )
        if chosen is not None:
            return chosen.planned_start, chosen.planned_end, False
    return record.start_date, record.end_date, False


@dataclass
class GrantFigures:
    """What the student and staff see: every amount from the dates, the rates and the payments."""

    applies: bool
    start: datetime.date | None = None
    end: datetime.date | None = None
    confirmed_dates: bool = False
    group: int | None = None
    year: GrantYear | None = None
    rate: Decimal | None = None
    months: int = 0
    days: int = 0
    base: Decimal = Decimal("0.00")
    fewer_opportunities: Decimal = Decimal("0.00")
    green_travel: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")
    first_due: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    payments: list = field(default_factory=list)
    problem: str = ""

    @property
    def remaining(self):
        return self.total - self.paid

    @property
    def duration(self):
        return duration_text(self.months, self.days)

    @property
    def group_label(self):
        return CountryGroup(self.group).label if self.group else ""


def grant_of(record) -> Grant:
    grant, _created = Grant.objects.get_or_create(record=record)
    return grant


def figures(record, grant=None) -> GrantFigures:
    """The grant of a mobility for its current dates (recomputed on every read: dates change)."""
    if not has_grant(record):
        return GrantFigures(applies=False)
    grant = grant or getattr(record, "grant", None)
    start, end, confirmed = grant_dates(record)
    result = GrantFigures(applies=True, start=start, end=end, confirmed_dates=confirmed)
    result.payments = list(grant.payments.all()) if grant else []
    result.paid = sum((p.amount for p in result.payments), Decimal("0.00"))
    result.group = country_group(record.country)
    year = GrantYear.objects.filter(call_year=record.academic_year).first()
    result.year = year
    if result.group is None:
        result.problem = _("No Erasmus+ monthly rate for this country.")
        return result
    rate = GrantRate.objects.filter(year=year, country_group=result.group).first() if year else None
    if rate is None:
        result.problem = _("The rates of the %(year)s call are not entered yet.") % {
            "year": record.academic_year
        }
        return result
    result.rate = rate.monthly_rate
    result.months, result.days = duration(start, end)
    result.base = monthly_amount(rate.monthly_rate, result.months, result.days)
    if grant and grant.fewer_opportunities:
        result.fewer_opportunities = monthly_amount(
            year.fewer_opportunities_monthly, result.months, result.days
        )
    if grant and grant.green_travel:
        result.green_travel = year.green_travel_amount
    result.total = result.base + result.fewer_opportunities + result.green_travel
    result.first_due = (result.total * year.first_instalment_percent / 100).quantize(CENT, ROUND_HALF_UP)
    return result


def _check_staff(by):
    if not rules.may_manage_grant(by):
        raise PermissionDenied(_("Only IRO staff manage grants."))


@transaction.atomic
def set_top_ups(record, *, by, fewer_opportunities: bool, green_travel: bool) -> Grant:
    _check_staff(by)
    grant = grant_of(record)
    grant.fewer_opportunities, grant.green_travel = fewer_opportunities, green_travel
    grant.save()
    return grant


def payable(record, instalment) -> str:
    """Why `instalment` cannot be paid yet ("" when it can)."""
    if instalment == Instalment.FIRST:
        if not AgreementVersion.objects.filter(
            agreement__record=record, status=VersionStatus.APPROVED
        ).exists():
            return _(
                "The first instalment is paid once the learning agreement is signed by all three parties."
            )
        return ""
    if not GrantPayment.objects.filter(grant__record=record, instalment=Instalment.FIRST).exists():
        return _("Record the first instalment first.")
    if not MobilityRecord.objects.filter(pk=record.pk, recognised_at__isnull=False).exists():
        return _("The final instalment is paid once recognition is recorded.")
    return ""


def record_payment(record, *, by, instalment, paid_on=None, reference="") -> GrantPayment:
    """Staff record an instalment paid; its amount is computed (70 % first, the rest at the end).

    Twice the same instalment (a double click) records it once.
    """
    _check_staff(by)
    record = MobilityRecord.objects.get(pk=record.pk)  # fresh: dates and agreement as they are now
    try:
        with transaction.atomic():
            grant = Grant.objects.select_for_update().get(pk=grant_of(record).pk)
            existing = grant.payments.filter(instalment=instalment).first()
            if existing is not None:
                return existing
            problem = payable(record, instalment)
            if problem:
                raise LearningError(problem)
            numbers = figures(record, grant)
            if numbers.problem:
                raise LearningError(numbers.problem)
            amount = numbers.first_due if instalment == Instalment.FIRST else numbers.remaining
            return GrantPayment.objects.create(
                grant=grant,
                instalment=instalment,
                amount=max(amount, Decimal("0.00")),
                paid_on=paid_on or timezone.localdate(),
                reference=reference,
                recorded_by=by,
            )
    except IntegrityError:
        return GrantPayment.objects.get(grant__record=record, instalment=instalment)
