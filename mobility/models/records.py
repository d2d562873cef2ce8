"""What happened after a decision: the acceptance letter a student shows (visa, host) and the
mobility records that feed the key figures (created from confirmed applications or imported for
past years).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core import academic
from partners.models import AgreementKind, Direction, Institution

from .calls import Period


def letter_path(instance, filename):
    return f"mobility/letters/{instance.application_id}/{uuid.uuid4().hex}.pdf"


class AcceptanceLetter(models.Model):
    """The PDF letter of an accepted application: one per application, regenerated in place."""

    application = models.OneToOneField(
        "mobility.Application",
        on_delete=models.CASCADE,
        related_name="acceptance_letter",
        verbose_name=_("application"),
    )
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    file = models.FileField(_("letter (PDF)"), upload_to=letter_path, max_length=255, blank=True)
    start_date = models.DateField(_("mobility starts"), null=True, blank=True)
    end_date = models.DateField(_("mobility ends"), null=True, blank=True)
    host_department = models.CharField(
        _("host department"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the letter; change it and regenerate the letter to correct it."),
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generations = models.PositiveSmallIntegerField(_("times generated"), default=0)

    class Meta:
        ordering = ["-generated_at"]
        verbose_name = _("acceptance letter")
        verbose_name_plural = _("acceptance letters")
        constraints = [
            models.UniqueConstraint(fields=["application"], name="acceptance_letter_one_per_application"),
        ]

    def __str__(self):
        return _("Acceptance letter %(ref)s") % {"ref": self.reference or self.pk}


class RecordSource(models.TextChoices):
    APPLICATION = "application", _("Confirmed application")
    IMPORT = "import", _("Imported")
    DEMO = "demo", _("Demo data")


class MobilityRecord(models.Model):
    """One student's mobility that took (or takes) place: the unit the key figures count."""

    application = models.OneToOneField(
        "mobility.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mobility_record",
        verbose_name=_("application"),
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The office's own reference, for imports (a row with a known reference updates it)."),
    )
    student_name = models.CharField(_("student"), max_length=200)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    programme = models.CharField(_("programme"), max_length=30, choices=AgreementKind.choices)
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobility_records",
        verbose_name=_("partner institution"),
        help_text=_("Empty for a host that is not a partner (e.g. a clinical elective elsewhere)."),
    )
    institution_name = models.CharField(_("institution"), max_length=255)
    country = CountryField(_("country"))
    academic_year = models.PositiveSmallIntegerField(_("academic year"), help_text=_("2024 means 2024–25."))
    period = models.CharField(
        _("period"),
        max_length=12,
        choices=Period.choices,
        blank=True,
        help_text=_("The period the student asked (empty for imported records that do not say)."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    source = models.CharField(
        _("source"), max_length=12, choices=RecordSource.choices, default=RecordSource.IMPORT
    )
    recognised_at = models.DateTimeField(
        _("recognition recorded at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the home school recorded the recognition of every component (learning app)."),
    )
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    class Meta:
        ordering = ["-academic_year", "student_name"]
        verbose_name = _("mobility record")
        verbose_name_plural = _("mobility records")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="record_dates_ordered"
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "direction", "programme"])]

    def __str__(self):
        return f"{self.student_name} — {self.institution_name} ({academic.label(self.academic_year)})"

    @property
    def academic_year_label(self):
        return academic.label(self.academic_year)

    @property
    def awaits_recognition(self):
        """An outgoing mobility is completed only once its recognition at home is recorded."""
        return self.direction == Direction.OUTGOING and self.recognised_at is None
