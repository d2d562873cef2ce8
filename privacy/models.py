"""What the portal needs to keep people's data only as long as it should, and to answer their requests.

Other apps' models are never edited for this: a legal hold points at a person or an application,
and anonymising or deleting their rows is done by privacy.services through their public fields.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalHold(models.Model):
    """Staff suspend retention and erasure for a person or an application (a dispute, an inquiry)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    application = models.ForeignKey(
        "mobility.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("application"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        ordering = ["-set_at"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(application__isnull=False),
                name="legal_hold_has_a_subject",
            )
        ]

    def __str__(self):
        return str(self.application or self.user or "—")

    def clean(self):
        if not self.user_id and not self.application_id:
            raise ValidationError(_("Choose a person or an application."))

    @property
    def is_active(self):
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One pass of the retention sweep: how many records of each category it touched, never which."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    as_of = models.DateTimeField(_("as of"), help_text=_("The instant the periods were counted from."))
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=30, default="beat")
    counts = models.JSONField(_("records per category"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self):
        return sum(self.counts.values())


class InactivityWarning(models.Model):
    """The warning emailed before an inactive account is deleted (logging in again cancels it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    warned_at = models.DateTimeField(_("warned at"))

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self):
        return f"#{self.user_id} — {self.warned_at:%Y-%m-%d}"


class RequestKind(models.TextChoices):
    COPY = "copy", _("Copy of my data")
    ERASURE = "erasure", _("Erasure")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Received")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPIRED = "expired", _("Link expired")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


def copy_path(instance, filename):
    return f"privacy/copies/{uuid.uuid4().hex}.zip"


def new_token():
    return secrets.token_urlsafe(32)


class DataRequest(models.Model):
    """A person's request for a copy of their data or for its erasure (answered within a month)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    # Kept once the account is gone: which account it was, never who.
    account_id = models.PositiveBigIntegerField(_("account number"))
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    file = models.FileField(_("copy (ZIP)"), upload_to=copy_path, max_length=255, blank=True)
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        constraints = [
            # A double click asks once.
            models.UniqueConstraint(
                fields=["account_id", "kind"],
                condition=Q(status="pending"),
                name="one_pending_request_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — #{self.account_id}"

    @property
    def is_copy(self):
        return self.kind == RequestKind.COPY

    @property
    def is_downloadable(self):
        return self.link_works()

    @property
    def link_expired(self):
        """A copy was ready but its download window has passed (or the file was removed)."""
        return self.is_copy and self.status == RequestStatus.READY and not self.link_works()

    def link_works(self, now=None):
        now = now or timezone.now()
        return (
            self.kind == RequestKind.COPY
            and self.status == RequestStatus.READY
            and bool(self.file)
            and self.expires_at is not None
            and now < self.expires_at
        )


class AccountingRecord(models.Model):
    """What accounting needs of a payment once its payer's account is erased or deleted.

    A receipt must be reproducible for 10 years (French public accounting), with the payer's name
    and address: this copy, and only this, keeps them; the account itself is anonymised. Deleted by
    the retention sweep when the payment's 10 years are over.
    """

    payment = models.OneToOneField(
        "summerschool.Payment", on_delete=models.CASCADE, related_name="+", verbose_name=_("payment")
    )
    payer_name = models.CharField(_("payer"), max_length=300)
    payer_address = models.TextField(_("payer's address"), blank=True)
    paid_on = models.DateField(_("date of payment"))
    recorded_at = models.DateTimeField(_("kept since"), default=timezone.now)

    class Meta:
        ordering = ["paid_on"]
        verbose_name = _("accounting record")
        verbose_name_plural = _("accounting records")

    def __str__(self):
        return f"{self.payer_name} — {self.paid_on}"


class ProcessingRegister(RetentionRun):
    """The office's record of processing (an admin page; no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("record of processing")
        verbose_name_plural = _("record of processing")
