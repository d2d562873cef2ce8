"""Certificates of completion and the batches (runs) that produce them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offerings import Offering
from .registrations import Registration


def certificate_path(instance, filename):
    return f"summerschool/certificates/{uuid.uuid4().hex}.pdf"


def new_certificate_code():
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """The certificate of completion of one registration; its code never changes once issued."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("registration")
    )
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return f"{self.registration} ({self.code[:6]}…)"

    @property
    def verify_path(self):
        return reverse("summerschool:verify_certificate", args=[self.code])

    @property
    def verify_url(self):
        return settings.SITE_URL + self.verify_path


class CertificateRun(models.Model):
    """A batch of certificates started by a staff member (or by the sweep: `started_by` empty).

    `done` and `failed` are recounted from the run's items (never incremented), so a task
    delivered twice cannot count twice and the progress never passes the total.
    """

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="certificate_runs", verbose_name=_("offering")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    total = models.PositiveIntegerField(_("certificates to produce"), default=0)
    done = models.PositiveIntegerField(_("produced"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("certificate run")
        verbose_name_plural = _("certificate runs")

    def __str__(self):
        return f"{self.offering} — {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        return 100 if not self.total else min(100, round(100 * (self.done + self.failed) / self.total))

    @property
    def failed_percent(self):
        """The red part of the progress bar: the certificates that could not be produced."""
        return 0 if not self.total else min(self.percent, round(100 * self.failed / self.total))

    @property
    def done_percent(self):
        """The blue part of the progress bar: the certificates produced."""
        return self.percent - self.failed_percent

    def failed_items(self):
        """The participants whose certificate could not be produced, with the reason (progress page)."""
        return (
            self.items.filter(done_at__isnull=True, failed_at__isnull=False)
            .select_related("registration__participant")
            .order_by("registration__participant__last_name", "pk")
        )


class CertificateRunItem(models.Model):
    """One participant's certificate in a run: done, failed after the last retry, or pending.

    Pending items of an unfinished run are what the sweep re-dispatches when a task was lost
    (a killed worker, a Redis restart).
    """

    run = models.ForeignKey(
        CertificateRun, on_delete=models.CASCADE, related_name="items", verbose_name=_("certificate run")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate_run_items",
        verbose_name=_("registration"),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    done_at = models.DateTimeField(_("produced at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("certificate of a run")
        verbose_name_plural = _("certificates of a run")
        constraints = [
            models.UniqueConstraint(fields=["run", "registration"], name="one_item_per_registration_and_run")
        ]
        indexes = [models.Index(fields=["run", "done_at", "failed_at"])]

    def __str__(self):
        return f"{self.run} — {self.registration}"
