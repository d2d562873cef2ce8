"""The learning agreement of a mobility, its versions, their components and signatures.

Follows the Erasmus+ template and EWP "Outgoing Mobility Learning Agreements": Table A (the
components at the receiving institution), Table B (those recognised at home, or the automatic
recognition of the whole period), the language of instruction and the student's level, virtual
components. A version is signed by three parties; a signature keeps a hash of exactly what was
signed, so a version is never edited once signed: any change is a new version.
"""

import hashlib
import json

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.workflow import StateMachine, SystemComment, TransitionRecord


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting signatures")
    RETURNED = "returned", _("Sent back")
    APPROVED = "approved", _("Signed by all three")
    SUPERSEDED = "superseded", _("Replaced by a later version")


VERSION_MACHINE = StateMachine(
    {
        VersionStatus.DRAFT: {VersionStatus.SUBMITTED},
        VersionStatus.SUBMITTED: {VersionStatus.APPROVED, VersionStatus.RETURNED, VersionStatus.SUPERSEDED},
        VersionStatus.RETURNED: set(),
        VersionStatus.APPROVED: set(),
        VersionStatus.SUPERSEDED: set(),
    },
    field="status",
    labels=VersionStatus.choices,
)


class Party(models.TextChoices):
    STUDENT = "student", _("Student")
    SENDING = "sending", _("Sending institution")
    RECEIVING = "receiving", _("Receiving institution")


class CEFRLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native speaker")


class LearningAgreement(models.Model):
    """One per mobility: its versions are the history of what the three parties agreed."""

    record = models.OneToOneField(
        "mobility.MobilityRecord",
        on_delete=models.CASCADE,
        related_name="learning_agreement",
        verbose_name=_("mobility"),
    )
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")

    def __str__(self):
        return _("Learning agreement of %(student)s") % {"student": self.record.student_name}

    @property
    def is_outgoing(self):
        return self.record.direction == "outgoing"


class AgreementVersion(models.Model):
    """One version of a learning agreement: editable while a draft, frozen once anyone signed it."""

    agreement = models.ForeignKey(
        LearningAgreement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("learning agreement"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    language = models.CharField(_("language of instruction"), max_length=60, default="English")
    language_level = models.CharField(
        _("student's level (CEFR)"), max_length=6, choices=CEFRLevel.choices, default=CEFRLevel.B2
    )
    automatic_recognition = models.BooleanField(
        _("automatic recognition of the whole period"),
        default=False,
        help_text=_("Instead of Table B: the home school recognises the whole period as a block."),
    )
    change_reason = models.TextField(
        _("reason for the changes"),
        blank=True,
        max_length=2000,
        help_text=_("Required for a change after an agreement was signed (e.g. a course cancelled)."),
    )
    returned_comment = models.TextField(_("sent back with"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent back by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("learning agreement version")
        verbose_name_plural = _("learning agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="la_version_unique_number"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="la_version_dates_ordered"
            ),
        ]

    def __str__(self):
        return _("Version %(n)s") % {"n": self.number}

    @property
    def is_draft(self):
        return self.status == VersionStatus.DRAFT

    @property
    def is_approved(self):
        return self.status == VersionStatus.APPROVED

    @property
    def is_submitted(self):
        return self.status == VersionStatus.SUBMITTED

    @property
    def is_returned(self):
        return self.status == VersionStatus.RETURNED

    @property
    def status_tone(self):
        return {
            VersionStatus.APPROVED: "success",
            VersionStatus.RETURNED: "danger",
            VersionStatus.SUBMITTED: "info",
            VersionStatus.SUPERSEDED: "secondary",
        }.get(self.status, "warning")

    def table(self, letter):
        return [c for c in self.components.all() if c.table == letter]

    @property
    def table_a(self):
        return self.table("A")

    @property
    def table_b(self):
        return self.table("B")

    def credits(self, letter):
        return sum((c.ects for c in self.table(letter) if not c.is_removed), 0)

    @property
    def credits_a(self):
        return self.credits("A")

    @property
    def credits_b(self):
        return self.credits("B")

    def content(self) -> dict:
        """Exactly what a signature covers, in a stable form."""
        components = sorted(self.components.all(), key=lambda c: (c.table, c.order, c.pk))
        return {
            "agreement": self.agreement_id,
            "version": self.number,
            "planned_start": self.planned_start.isoformat(),
            "planned_end": self.planned_end.isoformat(),
            "language": self.language,
            "language_level": self.language_level,
            "automatic_recognition": self.automatic_recognition,
            "change_reason": self.change_reason,
            "components": [c.content() for c in components],
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def signature_of(self, party):
        return next((s for s in self.signatures.all() if s.party == party), None)

    def signature_rows(self):
        """(party, signature) in the parties' order; while the version awaits signatures, the parties
        still to sign are listed too (signature None): the page says who is awaited, not only who signed."""
        signed = {s.party: s for s in self.signatures.all()}
        rows = [(Party(party), signed.get(party)) for party in Party.values]
        if self.status == VersionStatus.SUBMITTED:
            return rows
        return [(party, signature) for party, signature in rows if signature]


class ComponentChange(models.TextChoices):
    NONE = "", _("As agreed")
    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")


class Component(models.Model):
    """A line of Table A (at the receiving institution) or Table B (recognised at home)."""

    TABLES = [("A", _("Table A — at the receiving institution")), ("B", _("Table B — recognised at home"))]

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="components", verbose_name=_("version")
    )
    table = models.CharField(_("table"), max_length=1, choices=TABLES)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("component code"), max_length=40, blank=True)
    title = models.CharField(_("component title"), max_length=255)
    semester = models.CharField(_("semester"), max_length=40, help_text=_("E.g. “Autumn 2026”."))
    ects = models.DecimalField(
        _("ECTS credits"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    is_virtual = models.BooleanField(_("virtual component"), default=False)
    change = models.CharField(
        _("change"), max_length=8, choices=ComponentChange.choices, default=ComponentChange.NONE, blank=True
    )
    change_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)

    class Meta:
        ordering = ["table", "order", "pk"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.CheckConstraint(condition=Q(ects__gte=0), name="la_component_ects_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    @property
    def is_removed(self):
        return self.change == ComponentChange.REMOVED

    def content(self) -> dict:
        return {
            "table": self.table,
            "code": self.code,
            "title": self.title,
            "semester": self.semester,
            "ects": str(self.ects),
            "virtual": self.is_virtual,
            "change": self.change,
            "change_reason": self.change_reason,
        }


class Signature(models.Model):
    """Who signed a version, when, for which party, and the hash of exactly what they signed."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("version")
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signer"),
    )
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_position = models.CharField(_("position"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    content_hash = models.CharField(_("hash of what was signed (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="la_one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.signer_name}"

    @property
    def position(self):
        """The signer's position as the reader reads it: a student's is "Student" in the reader's
        language (nothing is stored for it: a stored word would stay in the signer's language);
        an institution's is its name, the same in every language."""
        if self.party == Party.STUDENT:
            return Party.STUDENT.label
        return self.signer_position

    @property
    def matches(self):
        """Whether the version still holds exactly what was signed (it always should)."""
        return self.content_hash == self.version.content_hash()


class VersionTransition(TransitionRecord):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("version")
    )

    machine = VERSION_MACHINE
    subject_field = "version"

    class Meta(TransitionRecord.Meta):
        verbose_name = _("learning agreement history")
        verbose_name_plural = _("learning agreement history")


# The portal's own comments on moves (core.workflow.SystemComment): a version's, and the
# application's move to "completed" once recognition is recorded.
CHANGED_BEFORE_SIGNATURES = SystemComment(_("Changed by the student before every signature."))
RECOGNITION_RECORDED = SystemComment(_("Recognition recorded by %(name)s."))
