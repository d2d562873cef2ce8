"""The Erasmus+ individual grant: rates per country group and call year, top-ups, payments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.templatetags.lang import money


class CountryGroup(models.IntegerChoices):
    HIGH = 1, _("Group 1 — higher living costs")
    MEDIUM = 2, _("Group 2 — medium living costs")
    LOWER = 3, _("Group 3 — lower living costs")


class GrantYear(models.Model):
    """The rules of one call year (2026 means the 2026 call, mobilities of 2026–27)."""

    call_year = models.PositiveSmallIntegerField(_("call year"), unique=True)
    first_instalment_percent = models.PositiveSmallIntegerField(
        _("first instalment (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Paid once the learning agreement is signed; the rest after recognition."),
    )
    fewer_opportunities_monthly = models.DecimalField(
        _("fewer-opportunities top-up per month (€)"), max_digits=7, decimal_places=2, default=Decimal("250")
    )
    green_travel_amount = models.DecimalField(
        _("green travel top-up (€, once)"), max_digits=7, decimal_places=2, default=Decimal("50")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-call_year"]
        verbose_name = _("grant year")
        verbose_name_plural = _("grant years")

    def __str__(self):
        return _("Erasmus+ grants, call %(year)s") % {"year": self.call_year}


class GrantRate(models.Model):
    year = models.ForeignKey(
        GrantYear, on_delete=models.CASCADE, related_name="rates", verbose_name=_("grant year")
    )
    country_group = models.PositiveSmallIntegerField(_("country group"), choices=CountryGroup.choices)
    monthly_rate = models.DecimalField(_("monthly rate (€)"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["year", "country_group"]
        verbose_name = _("monthly rate")
        verbose_name_plural = _("monthly rates")
        constraints = [
            models.UniqueConstraint(fields=["year", "country_group"], name="grant_rate_once_per_group")
        ]

    def __str__(self):
        return _("%(label)s: %(value)s") % {
            "label": self.get_country_group_display(),
            "value": money(self.monthly_rate, 2),
        }


class Grant(models.Model):
    """The student's grant: the amount is computed from the dates (services.grants), never typed."""

    record = models.OneToOneField(
        "mobility.MobilityRecord", on_delete=models.CASCADE, related_name="grant", verbose_name=_("mobility")
    )
    fewer_opportunities = models.BooleanField(_("fewer-opportunities top-up"), default=False)
    green_travel = models.BooleanField(_("green travel top-up"), default=False)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    class Meta:
        verbose_name = _("Erasmus+ grant")
        verbose_name_plural = _("Erasmus+ grants")

    def __str__(self):
        return str(self.record)


class Instalment(models.TextChoices):
    FIRST = "first", _("First instalment")
    FINAL = "final", _("Final instalment")


class GrantPayment(models.Model):
    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="payments", verbose_name=_("grant")
    )
    instalment = models.CharField(_("instalment"), max_length=8, choices=Instalment.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("bank reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("grant payment")
        verbose_name_plural = _("grant payments")
        constraints = [
            models.UniqueConstraint(fields=["grant", "instalment"], name="grant_payment_once_per_instalment")
        ]

    def __str__(self):
        return _("%(label)s: %(value)s") % {
            "label": self.get_instalment_display(),
            "value": money(self.amount, 2),
        }
