"""Portal-wide records that belong to no single app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    APPLICATION_DOCUMENT = "application_document", _("Application document")
    ACCEPTANCE_LETTER = "acceptance_letter", _("Acceptance letter")
    CV = "cv", _("CV")
    RECEIPT = "receipt", _("Payment receipt")
    CERTIFICATE = "certificate", _("Certificate")
    BACK_OFFICE_FILE = "back_office_file", _("File opened from the admin")
    TRANSCRIPT_OF_RECORDS = "transcript_of_records", _("Transcript of Records")
    ATTENDANCE_CERTIFICATE = "attendance_certificate", _("Certificate of attendance")


class FileAccess(models.Model):
    """One download of a person's private file by someone other than that person.

    Passports, transcripts and immunisation records are read by staff, supervisors and
    coordinators; this is the trail of who opened which one, when and from where. Written only by
    core.audit.record_file_access; read by superusers in the admin.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("downloaded by"),
    )
    # Kept as text too: the trail outlives the accounts it names.
    user_email = models.CharField(_("downloaded by (email)"), max_length=254)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose file"),
    )
    owner_email = models.CharField(_("whose file (email)"), max_length=254, blank=True)
    kind = models.CharField(_("file"), max_length=30, choices=FileKind.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("file download")
        verbose_name_plural = _("file downloads")
        indexes = [models.Index(fields=["user", "at"], name="fileaccess_user_at")]

    def __str__(self):
        return f"{self.user_email} — {self.get_kind_display()} — {self.file_name}"
