"""Calls for exchanges and placements, the applications students make to them, their documents.

The state of an application only changes through `mobility.services.transition`; the table of
allowed moves is `APPLICATION_MACHINE` below.
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import academic
from core.files import FILE_KINDS
from core.workflow import StateMachine, TransitionRecord
from partners.models import Agreement, AgreementKind, Direction

STUDY_YEAR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(6)]


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
    study_year_min = models.PositiveSmallIntegerField(
        _("from study year"), default=3, validators=STUDY_YEAR_VALIDATORS
    )
    study_year_max = models.PositiveSmallIntegerField(
        _("to study year"), default=6, validators=STUDY_YEAR_VALIDATORS
    )
    max_preferences = models.PositiveSmallIntegerField(
        _("ranked preferences allowed"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements offered"), related_name="calls", blank=True
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("academic supervisors"),
        related_name="supervised_calls",
        blank=True,
        limit_choices_to={"role": "supervisor"},
    )
    is_published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

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

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="document_requirements")
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

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
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


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The one table of allowed moves. "Withdrawn" is reachable from every open state.
APPLICATION_MACHINE = StateMachine(
    {
        Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.WITHDRAWN},
        Status.UNDER_REVIEW: {Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED, Status.WITHDRAWN},
        Status.WAITLISTED: {Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.CONFIRMED, Status.WITHDRAWN},
        Status.CONFIRMED: {Status.COMPLETED, Status.WITHDRAWN},
        Status.REJECTED: set(),
        Status.COMPLETED: set(),
        Status.WITHDRAWN: set(),
    }
)
OPEN_STATES = frozenset(s for s, nxt in APPLICATION_MACHINE.transitions.items() if Status.WITHDRAWN in nxt)
DECIDED_STATES = frozenset({Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED})
# Applications holding one of the agreement's seats.
SEAT_STATES = frozenset({Status.ACCEPTED, Status.CONFIRMED, Status.COMPLETED})
# The moves a student makes themselves; every other move is a decision of IRO staff.
STUDENT_MOVES = frozenset({Status.SUBMITTED, Status.CONFIRMED, Status.WITHDRAWN})


class Eligibility(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    TO_CHECK = "to_check", _("To be checked by staff")


class Application(models.Model):
    """A student's application to one call: a draft until submitted, then decided by IRO staff."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    # Copied from the call so lists and key figures filter without a join; incoming applications
    # (nominated by partner coordinators) use the same model.
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Personal details
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Academic situation
    student_number = models.CharField(_("student number"), max_length=40, blank=True)
    study_year = models.PositiveSmallIntegerField(
        _("study year during the mobility"), null=True, blank=True, validators=STUDY_YEAR_VALIDATORS
    )
    home_institution = models.CharField(_("home institution"), max_length=200, blank=True)
    good_standing = models.BooleanField(_("enrolled and in good standing"), default=False)
    # Motivation
    # Limits on free text (issue 12): forms show them, the model refuses longer text too.
    motivation = models.TextField(
        _("motivation"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    # Ids of the DECLARATION criteria the student declared they meet.
    declarations = models.JSONField(_("declarations"), default=list, blank=True)
    # Kept up to date by services.refresh_summary(), for filters and lists without extra queries.
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.TO_CHECK
    )
    missing_documents = models.PositiveSmallIntegerField(_("documents missing"), default=0)
    # The partner whose seat the student got (set by staff, or the best-ranked preference with a
    # seat left when the application is accepted). Mobility records take their institution from it.
    allocated_agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("place allocated"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_applications",
    )
    documents_reminder_sent_at = models.DateTimeField(
        _("missing-documents reminder sent at"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "student"], name="application_one_per_call"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.full_name} — {self.call}"

    @property
    def full_name(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.student.display_name

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    def next_states(self):
        return APPLICATION_MACHINE.allowed(self.status)


class Preference(models.Model):
    """A partner the student ranks among the call's agreements (1 = first choice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="preferences")

    class Meta:
        ordering = ["rank"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="preference_unique_rank"),
            models.UniqueConstraint(fields=["application", "agreement"], name="preference_unique_agreement"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.agreement.institution}"


def document_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()[:6]
    return f"mobility/{instance.application.call.academic_year}/{instance.application_id}/{uuid.uuid4().hex}{ext}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Received, not yet checked")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ApplicationDocument(models.Model):
    """The file a student gave for one required document (replacing it keeps one row)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        DocumentRequirement, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("received at"))
    status = models.CharField(
        _("check"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement__order", "requirement_id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="document_one_per_requirement"
            )
        ]

    def __str__(self):
        return f"{self.requirement.name}: {self.original_name}"


class ApplicationTransition(TransitionRecord):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.from_state or '—'} → {self.to_state}"

    @property
    def to_label(self):
        return Status(self.to_state).label


class EligibilityFlag(models.Model):
    """A criterion an application does not meet yet, or that staff still have to check.

    Kept up to date with the application's summary (`services.refresh_summary`) so that the admin
    can list, say, every application whose language certificate is not met.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="eligibility_flags")
    criterion = models.ForeignKey(EligibilityCriterion, on_delete=models.CASCADE, related_name="flags")
    result = models.CharField(
        _("result"),
        max_length=10,
        choices=[(Eligibility.NOT_MET, _("Not met")), (Eligibility.TO_CHECK, _("To be checked by staff"))],
    )

    class Meta:
        verbose_name = _("eligibility flag")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_flag_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.get_result_display()}"


class CriterionAssessment(models.Model):
    """Staff's finding on one criterion of one application; it overrides what the portal infers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(
        EligibilityCriterion,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("criterion"),
    )
    result = models.CharField(
        _("result"), max_length=10, choices=[(Eligibility.MET, _("Met")), (Eligibility.NOT_MET, _("Not met"))]
    )
    note = models.CharField(
        _("note to the student"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the student beside the criterion, e.g. what is still expected."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks by staff")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="assessment_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.get_result_display()}"


class Opinion(models.TextChoices):
    STRONG = "strong", _("Strongly recommended")
    RECOMMENDED = "recommended", _("Recommended")
    RESERVATIONS = "reservations", _("Recommended with reservations")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


class Recommendation(models.Model):
    """An academic supervisor's opinion on an application. It informs the decision; it is not one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("supervisor"),
    )
    opinion = models.CharField(_("opinion"), max_length=20, choices=Opinion.choices)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["application", "supervisor"], name="recommendation_one_each")
        ]

    def __str__(self):
        return f"{self.supervisor}: {self.get_opinion_display()}"


from .models_nominations import *  # noqa: E402,F403
from .models_records import *  # noqa: E402,F403
