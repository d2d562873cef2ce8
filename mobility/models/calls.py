"""Calls for exchanges and placements: what students apply to, until when, for which periods,
with which documents and eligibility criteria."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import academic
from core.files import FILE_KINDS
from partners.models import Agreement, AgreementKind, Direction

STUDY_YEAR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(6)]


class Period(models.TextChoices):
    """When the mobility takes place: what the student asks on the application, the letter states
    and the mobility record keeps."""

    SEMESTER_1 = "semester_1", _("First semester (September to January)")
    SEMESTER_2 = "semester_2", _("Second semester (February to June)")
    FULL_YEAR = "full_year", _("Full academic year")
    DATES = "dates", _("Dates to choose (placements)")


# What a programme offers when its call does not say (brochure: an Erasmus+ exchange lasts one
# semester or a full year; the IMEP lasts a year; placements and summer programmes have dates).
PERIODS_BY_KIND = {
    AgreementKind.ACADEMIC_EXCHANGE: (Period.SEMESTER_1, Period.SEMESTER_2, Period.FULL_YEAR),
    AgreementKind.BILATERAL_EXCHANGE: (Period.FULL_YEAR,),
    AgreementKind.CLINICAL_PLACEMENT: (Period.DATES,),
    AgreementKind.SUMMER_PROGRAMME: (Period.DATES,),
}
# Placements last 1 to 3 months (brochure), in days.
PLACEMENT_DAYS = (28, 92)


def period_dates(kind, academic_year, period):
    """The first and last day of a semester or a year of `kind` in `academic_year` (None for dates)."""
    year = academic_year
    if period == Period.SEMESTER_1:
        return datetime.date(year, 9, 1), datetime.date(year + 1, 1, 31)
    if period == Period.SEMESTER_2:
        return datetime.date(year + 1, 2, 1), datetime.date(year + 1, 6, 30)
    if period == Period.FULL_YEAR:
        if kind == AgreementKind.BILATERAL_EXCHANGE:  # IMEP: begins in July, ends in June a year later
            return datetime.date(year, 7, 1), datetime.date(year + 1, 6, 30)
        return datetime.date(year, 9, 1), datetime.date(year + 1, 6, 30)
    return None


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_at(self, now=None):
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, application_deadline__gte=now)

    def upcoming_at(self, now=None):
        now = now or timezone.now()
        return self.published().filter(opens_at__gt=now)

    def supervised_by(self, user):
        return self.filter(supervisors=user)


class Call(models.Model):
    """One programme, one direction, one academic year: what students apply to, and until when."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, blank=True)
    kind = models.CharField(_("programme"), max_length=30, choices=AgreementKind.choices, db_index=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The academic year of the mobility: 2026 means 2026–27.")
    )
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    opens_at = models.DateTimeField(_("opens at"), help_text=_("Paris time."))
    application_deadline = models.DateTimeField(
        _("application deadline"), help_text=_("Paris time. Submissions after this instant are refused.")
    )
    documents_deadline = models.DateTimeField(
        _("supporting documents deadline"),
        help_text=_("Paris time. Documents received after this instant are not processed."),
    )
    decision_date = models.DateField(_("decision by"))
    confirmation_deadline = models.DateTimeField(
        _("confirmation deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Paris time. Accepted students confirm their place by this instant; they are reminded 3 days before."
        ),
    )
    offer_reply_days = models.PositiveSmallIntegerField(
        _("days to reply to a place from the waiting list"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A seat freed after the allocation is offered to the next in line, who has this long to confirm."
        ),
    )
    study_year_min = models.PositiveSmallIntegerField(
        _("from study year"), default=3, validators=STUDY_YEAR_VALIDATORS
    )
    study_year_max = models.PositiveSmallIntegerField(
        _("to study year"), default=6, validators=STUDY_YEAR_VALIDATORS
    )
    max_preferences = models.PositiveSmallIntegerField(
        _("ranked preferences allowed"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    periods = models.JSONField(
        _("periods offered"),
        default=list,
        blank=True,
        help_text=_("What the application asks. None ticked: the programme's usual periods."),
    )
    # The offer is kept by `services.offer.refresh_offer`: every signed agreement of the call's kind
    # in force in its year with seats in its direction, but those staff exclude.
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements offered"), related_name="calls", blank=True
    )
    excluded_agreements = models.ManyToManyField(
        Agreement,
        verbose_name=_("agreements not offered"),
        related_name="+",
        blank=True,
        help_text=_(
            "Every signed agreement of this programme in force in the call's year, with seats in its "
            "direction, is offered, but those chosen here."
        ),
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("academic supervisors"),
        related_name="supervised_calls",
        blank=True,
        limit_choices_to={"role": "supervisor"},
    )
    is_published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("masculine", "updated"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "application_deadline", "title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["title", "academic_year", "direction"], name="call_unique_title"),
            models.CheckConstraint(
                condition=Q(application_deadline__gt=models.F("opens_at")), name="call_opens_before_deadline"
            ),
            models.CheckConstraint(
                condition=Q(documents_deadline__gte=models.F("application_deadline")),
                name="call_documents_after_applications",
            ),
            models.CheckConstraint(
                condition=Q(study_year_max__gte=models.F("study_year_min")), name="call_study_years_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({academic.label(self.academic_year)})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200] or "call"
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.opens_at and self.application_deadline and self.application_deadline <= self.opens_at:
            errors["application_deadline"] = _("The deadline must come after the opening.")
        if (
            self.application_deadline
            and self.documents_deadline
            and self.documents_deadline < self.application_deadline
        ):
            errors["documents_deadline"] = _(
                "The documents deadline cannot come before the application deadline."
            )
        if self.study_year_min and self.study_year_max and self.study_year_max < self.study_year_min:
            errors["study_year_max"] = _("The last study year cannot come before the first.")
        if errors:
            raise ValidationError(errors)

    @property
    def academic_year_label(self):
        return academic.label(self.academic_year)

    @property
    def study_years_display(self):
        return f"{self.study_year_min}–{self.study_year_max}"

    @property
    def offered_periods(self):
        """The periods an applicant chooses from: the call's own, else its programme's usual ones."""
        chosen = [Period(p) for p in self.periods or () if p in Period.values]
        return tuple(chosen) or PERIODS_BY_KIND.get(self.kind, (Period.FULL_YEAR,))

    def dates_of(self, period, start=None, end=None):
        """(first day, last day) of `period` in this call's year (the dates given for placements)."""
        if period == Period.DATES:
            return (start, end) if start and end else None
        return period_dates(self.kind, self.academic_year, period) if period else None

    @property
    def asks_dates(self):
        return Period.DATES in self.offered_periods

    @property
    def academic_year_bounds(self):
        """The first and last day of the call's academic year."""
        return datetime.date(self.academic_year, 9, 1), datetime.date(self.academic_year + 1, 8, 31)

    def period_errors(self, period, start=None, end=None):
        """Why `period` (and its dates, for placements) cannot be asked on this call: {field: message}."""
        if not period:
            return {"period": _("Choose when you would go.")}
        if period not in self.offered_periods:
            offered = ", ".join(str(p.label).lower() for p in self.offered_periods)
            return {
                "period": _("This call does not offer “%(period)s”; it offers: %(offered)s.")
                % {"period": Period(period).label if period in Period.values else period, "offered": offered}
            }
        if period != Period.DATES:
            return {}
        if not start or not end:
            return {"period_start": _("Give the first and the last day of the placement.")}
        first, last = self.academic_year_bounds
        if end < start:
            return {"period_end": _("The last day comes before the first.")}
        if start < first or end > last:
            return {
                "period_start": _("The placement must take place within %(year)s (%(first)s to %(last)s).")
                % {
                    "year": self.academic_year_label,
                    "first": formats.date_format(first, "j F Y"),
                    "last": formats.date_format(last, "j F Y"),
                }
            }
        days = (end - start).days + 1
        if (
            self.kind == AgreementKind.CLINICAL_PLACEMENT
            and not PLACEMENT_DAYS[0] <= days <= PLACEMENT_DAYS[1]
        ):
            return {
                "period_end": _("A clinical placement lasts 1 to 3 months (%(days)s days asked).")
                % {"days": days}
            }
        return {}

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now <= self.application_deadline

    def accepts_documents(self, now=None):
        now = now or timezone.now()
        return now <= self.documents_deadline

    def eligible_agreements(self, study_year):
        """The offered agreements whose study-year range includes `study_year` (all when unknown)."""
        qs = self.agreements.select_related("institution").order_by("institution__name")
        if study_year:
            qs = qs.filter(study_year_min__lte=study_year, study_year_max__gte=study_year)
        return qs


class DocumentRequirement(models.Model):
    """A document a call asks for: which file types, how big, required or optional."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="document_requirements", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=150)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    allowed_kinds = models.CharField(
        _("allowed types"),
        max_length=30,
        default="pdf,jpeg,png",
        help_text=_("Comma-separated among: pdf, jpeg, png."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("size limit (MB)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="requirement_unique_name")]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = [k for k in self.kinds if k not in FILE_KINDS]
        if unknown or not self.kinds:
            raise ValidationError({"allowed_kinds": _("Choose among pdf, jpeg and png.")})

    @property
    def kinds(self):
        return tuple(k.strip().lower() for k in self.allowed_kinds.split(",") if k.strip())

    @property
    def kinds_display(self):
        return ", ".join(FILE_KINDS[k][1] for k in self.kinds if k in FILE_KINDS)

    @property
    def max_bytes(self):
        return self.max_size_mb * 1024 * 1024

    @property
    def accept_attribute(self):
        return ",".join(FILE_KINDS[k][0] for k in self.kinds if k in FILE_KINDS)


class CriterionCheck(models.TextChoices):
    STUDY_YEAR = "study_year", _("Study year within the call's range (checked automatically)")
    DOCUMENT = "document", _("Proven by a document (met once staff accept it)")
    DECLARATION = "declaration", _("Declared by the student, checked by staff")
    STAFF = "staff", _("Checked by staff only")


class EligibilityCriterion(models.Model):
    """One condition to be eligible, and how it is established."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    text = models.CharField(_("criterion"), max_length=300)
    checked_by = models.CharField(_("checked by"), max_length=20, choices=CriterionCheck.choices)
    document = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("proving document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
        help_text=_("For criteria proven by a document."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")

    def __str__(self):
        return self.text

    def clean(self):
        if self.checked_by == CriterionCheck.DOCUMENT and not self.document_id:
            raise ValidationError({"document": _("Choose the document that proves this criterion.")})
        if self.document_id and self.call_id and self.document.call_id != self.call_id:
            raise ValidationError({"document": _("This document belongs to another call.")})
