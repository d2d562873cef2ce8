"""The reminder partners register with the one reminder mechanism (`reminders` app): IRO staff are
told of agreements ending within 6 months with no successor. Staff change its timing in the admin
(Reminders › rules)."""

import datetime

from django.db.models import CharField, DateField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.academic import FIRST_MONTH
from reminders.registry import Reminder, office_staff, register

from .models import Agreement

AGREEMENT_ENDING = "partners.agreement_ending"


def _last_day():
    """An agreement's last day: the eve of the academic year after its last one (31 August)."""
    eve = datetime.date(2001, FIRST_MONTH, 1) - datetime.timedelta(days=1)
    year = Cast(F("valid_to_year") + 1, output_field=CharField())
    return Cast(Concat(year, Value(f"-{eve:%m-%d}"), output_field=CharField()), output_field=DateField())


def _ending_without_successor(now):
    """Signed agreements with no signed agreement of the same institution and kind running longer."""
    successor = Agreement.objects.filter(
        institution=OuterRef("institution"),
        kind=OuterRef("kind"),
        is_signed=True,
        valid_to_year__gt=OuterRef("valid_to_year"),
    )
    return (
        Agreement.objects.filter(is_signed=True)
        .filter(~Exists(successor))
        .annotate(last_day=_last_day())
        .select_related("institution")
    )


def register_all():
    register(
        Reminder(
            code=AGREEMENT_ENDING,
            name=_("Staff: agreement ending within 6 months with no successor"),
            candidates=_ending_without_successor,
            deadline="last_day",
            deadline_is_date=True,
            recipients=office_staff,
            template="partners/email/agreement_ending",
            link=lambda agreement: reverse("admin:partners_agreement_change", args=[agreement.pk]),
            context=lambda agreement: {"agreement": agreement, "institution": agreement.institution},
            offset=datetime.timedelta(days=183),
        )
    )
