"""The mobility as it happened: arrival and departure confirmed by the host, and the Transcript of
Records at the end, with the home school's recognition of each component."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agreements import Component


def stay_file_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()[:6]
    return f"learning/{instance.record_id}/{uuid.uuid4().hex}{ext}"


class ConfirmedFrom(models.TextChoices):
    PORTAL = "portal", _("Confirmed in the portal")
    CERTIFICATE = "certificate", _("From the certificate of attendance")


class Stay(models.Model):
    """The real dates of a mobility, as the host confirms them."""

    record = models.OneToOneField(
        "mobility.MobilityRecord", on_delete=models.CASCADE, related_name="stay", verbose_name=_("mobility")
    )
    arrival_date = models.DateField(_("arrival"), null=True, blank=True)
    arrival_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("arrival confirmed by"),
    )
    arrival_confirmed_at = models.DateTimeField(_("arrival confirmed at"), null=True, blank=True)
    departure_date = models.DateField(_("departure"), null=True, blank=True)
    departure_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("departure confirmed by"),
    )
    departure_confirmed_at = models.DateTimeField(_("departure confirmed at"), null=True, blank=True)
    confirmed_from = models.CharField(
        _("confirmed from"), max_length=12, choices=ConfirmedFrom.choices, default=ConfirmedFrom.PORTAL
    )
    attendance_file = models.FileField(
        _("certificate of attendance (uploaded)"), upload_to=stay_file_path, max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("mobility period")
        verbose_name_plural = _("mobility periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True)
                | Q(arrival_date__isnull=True)
                | Q(departure_date__gte=models.F("arrival_date")),
                name="stay_dates_ordered",
            )
        ]

    def __str__(self):
        return str(self.record)

    @property
    def is_arrived(self):
        return self.arrival_date is not None

    @property
    def is_over(self):
        return self.departure_date is not None

    @property
    def is_confirmed_from_certificate(self):
        return self.confirmed_from == ConfirmedFrom.CERTIFICATE

    @property
    def has_attendance_certificate(self):
        """The school certifies the attendance of the students it hosted, once they have left."""
        return self.record.direction == "incoming" and self.is_over


class Transcript(models.Model):
    """The Transcript of Records from the host (replacing it keeps one row)."""

    record = models.OneToOneField(
        "mobility.MobilityRecord",
        on_delete=models.CASCADE,
        related_name="transcript",
        verbose_name=_("mobility"),
    )
    file = models.FileField(_("Transcript of Records"), upload_to=stay_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("Transcript of Records")
        verbose_name_plural = _("Transcripts of Records")

    def __str__(self):
        return self.original_name


class Recognition(models.Model):
    """The home school's decision on one component of the signed agreement."""

    component = models.OneToOneField(
        Component, on_delete=models.CASCADE, related_name="recognition", verbose_name=_("component")
    )
    recognised = models.BooleanField(_("recognised"))
    grade = models.CharField(_("grade at home (converted)"), max_length=40, blank=True)
    reason = models.CharField(_("reason it is not recognised"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(recognised=True, reason="") | Q(recognised=False) & ~Q(reason=""),
                name="recognition_reason_when_refused",
            )
        ]

    def __str__(self):
        return _("%(label)s: %(value)s") % {"label": self.component, "value": self.grade or self.reason}
