"""Selection by merit: a call's criteria and weights, the marks of each application, the published
allocation and the history of the places offered.

The score is computed from the marks (`mobility.services.selection.refresh_score`), never typed;
the allocation that turns scores into places is `mobility.services.allocation`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement

from .applications import Application
from .calls import Call


class SelectionCriterion(models.Model):
    """One thing staff mark applications on (grade average, language level, interview...), with its
    weight in the score and the scale its marks use (0 to `scale_max`)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="selection_criteria", verbose_name=_("call")
    )
    name = models.CharField(_("criterion"), max_length=150)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Its share of the score relative to the other criteria' weights."),
    )
    scale_max = models.DecimalField(
        _("marked out of"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Marks go from 0 to this value (20 for a French grade average)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="selection_criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="selection_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gt=0), name="selection_criterion_scale_positive"),
        ]

    def __str__(self):
        return self.name


class Mark(models.Model):
    """The mark one application got on one selection criterion."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="marks", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="marks", verbose_name=_("criterion")
    )
    value = models.DecimalField(
        _("mark"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="mark_one_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0), name="mark_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

    def clean(self):
        if self.criterion_id and self.value is not None and self.value > self.criterion.scale_max:
            raise ValidationError(
                {"value": _("At most %(max)s on this criterion.") % {"max": self.criterion.scale_max}}
            )

    @property
    def points(self):
        """What this mark contributes to a score out of 100 (before dividing by the total weight)."""
        return self.value / self.criterion.scale_max * self.criterion.weight


class AllocationRun(models.Model):
    """The published allocation of a call: who published it and when (one per call: publishing
    again changes nothing)."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="allocation_run", verbose_name=_("call")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"))
    accepted = models.PositiveIntegerField(_("places offered"), default=0)
    waitlisted = models.PositiveIntegerField(_("on the waiting list"), default=0)

    class Meta:
        verbose_name = _("published allocation")
        verbose_name_plural = _("published allocations")

    def __str__(self):
        return str(self.call)


class OfferSource(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation by merit")
    WAITING_LIST = "waiting_list", _("Freed seat, from the waiting list")
    STAFF = "staff", _("Accepted by staff")


class OfferOutcome(models.TextChoices):
    OPEN = "open", _("Awaiting the student's reply")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined or withdrawn")
    EXPIRED = "expired", _("Not confirmed in time")


class PlaceOffer(models.Model):
    """One place offered to a student on one agreement: the history of each seat, for staff."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="offers", verbose_name=_("application")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="place_offers", verbose_name=_("place")
    )
    source = models.CharField(_("offered by"), max_length=20, choices=OfferSource.choices)
    offered_at = models.DateTimeField(_("offered at"))
    reply_by = models.DateTimeField(_("reply by"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=OfferOutcome.choices, default=OfferOutcome.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "pk"]
        verbose_name = _("place offer")
        verbose_name_plural = _("place offers")
        indexes = [models.Index(fields=["agreement", "offered_at"])]

    def __str__(self):
        return f"{self.agreement.institution} — {self.application}"
