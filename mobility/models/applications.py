"""The applications students make to calls, their documents, checks and history.

The state of an application only changes through `mobility.services.applications.transition`; the
table of allowed moves is `APPLICATION_MACHINE` below.
"""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.workflow import StateMachine, TransitionRecord
from partners.models import Agreement, Direction

from .calls import (
    STUDY_YEAR_VALIDATORS,
    Call,
    DocumentRequirement,
    EligibilityCriterion,
    Period,
)


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
    },
    field="status",
    labels=Status.choices,
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

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("student"),
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
    # When: one of the periods the call offers (dates for placements). Staff correct it in the admin;
    # the letter and the mobility record take their dates from it.
    period = models.CharField(_("period"), max_length=12, choices=Period.choices, blank=True)
    period_start = models.DateField(_("first day"), null=True, blank=True)
    period_end = models.DateField(_("last day"), null=True, blank=True)
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
    # Selection by merit (mobility.services.selection / allocation): computed, never typed.
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    merit_rank = models.PositiveIntegerField(_("rank by merit"), null=True, blank=True, editable=False)
    waitlist_rank_at_publication = models.PositiveIntegerField(
        _("waiting-list rank at publication"), null=True, blank=True, editable=False
    )
    # The own reply deadline of a place offered from the waiting list; other places are confirmed
    # by the call's confirmation deadline (`reply_by`). Past it, the sweep withdraws the place.
    offer_expires_at = models.DateTimeField(_("reply by"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "student"], name="application_one_per_call"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="application_period_ordered",
            ),
        ]
        indexes = [
            # By state, then rank: the dashboard counts who is ahead on a waiting list from it alone.
            models.Index(fields=["call", "status", "merit_rank"], name="application_call_status_rank"),
            # The default ordering (and the admin's tie-break on the id): the admin list reads its
            # 50 newest from the index instead of sorting every row (issue 19).
            models.Index(fields=["-created", "-id"], name="application_newest_first"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.call}"

    @property
    def full_name(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.student.display_name

    @property
    def mobility_dates(self):
        """(first day, last day) of the period asked, or None when not asked yet."""
        return self.call.dates_of(self.period, self.period_start, self.period_end)

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def is_incoming(self):
        return self.direction == Direction.INCOMING

    @property
    def is_unreviewed(self):
        """A draft or submitted, not yet taken up by staff: withdrawing it troubles nobody."""
        return self.status in (Status.DRAFT, Status.SUBMITTED)

    @property
    def holds_place(self):
        """Accepted, confirmed or completed: it holds one of its agreement's seats."""
        return self.status in SEAT_STATES

    @property
    def has_letter(self):
        """Whether the student has an acceptance letter to show (it follows the place)."""
        return self.holds_place

    @property
    def is_dropped(self):
        """Withdrawn or rejected: no mobility comes of it."""
        return self.status in (Status.WITHDRAWN, Status.REJECTED)

    @property
    def shows_place(self):
        """Whether the student is told the partner allocated to them (an outgoing place still in play)."""
        return bool(self.allocated_agreement_id) and not self.is_incoming and not self.is_dropped

    @property
    def status_tone(self):
        """The colour a page gives the status: green for a place, grey once dropped, yellow for a draft."""
        if self.holds_place:
            return "success"
        if self.is_dropped:
            return "secondary"
        if self.is_draft:
            return "warning"
        return "info"

    def is_late_draft(self, now=None):
        """A draft whose application deadline has passed: it can no longer be changed or submitted."""
        return self.is_draft and (now or timezone.now()) > self.call.application_deadline

    def accepts_documents(self, now=None):
        """Whether the student may still upload, replace or delete documents: an open application
        before the documents deadline (a draft only while it can still be submitted)."""
        now = now or timezone.now()
        return self.is_open and self.call.accepts_documents(now) and not self.is_late_draft(now)

    @property
    def can_withdraw(self):
        return APPLICATION_MACHINE.can(self.status, Status.WITHDRAWN)

    @property
    def can_confirm(self):
        return APPLICATION_MACHINE.can(self.status, Status.CONFIRMED)

    @property
    def awaits_reply(self):
        """A place offered with a reply deadline, not yet confirmed: the student confirms or declines."""
        return self.status == Status.ACCEPTED and self.reply_by is not None

    @property
    def reply_by(self):
        """The instant by which an accepted student confirms: the offer's own, else the call's."""
        return self.offer_expires_at or self.call.confirmation_deadline

    @property
    def is_waitlisted(self):
        return self.status == Status.WAITLISTED

    def holds_seat_on(self, agreement):
        """Whether it already counts on `agreement`'s seats: an outgoing application holding its
        place there, or an incoming one allocated there (its nomination holds the seat)."""
        if self.allocated_agreement_id != agreement.pk:
            return False
        return self.holds_place or self.is_incoming

    def next_states(self):
        return APPLICATION_MACHINE.allowed(self.status)


class Preference(models.Model):
    """A partner the student ranks among the call's agreements (1 = first choice)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("application")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="preferences", verbose_name=_("agreement")
    )

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

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )
    reviewed_at = models.DateTimeField(_("checked at"), null=True, blank=True)

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

    @property
    def is_pending(self):
        return self.status == DocumentStatus.PENDING

    @property
    def is_accepted(self):
        return self.status == DocumentStatus.ACCEPTED

    @property
    def is_rejected(self):
        return self.status == DocumentStatus.REJECTED


class ApplicationTransition(TransitionRecord):
    """One move of an application (`ApplicationTransition.move` makes and records it)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("application")
    )

    machine = APPLICATION_MACHINE
    subject_field = "application"

    class Meta(TransitionRecord.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status history")


class EligibilityFlag(models.Model):
    """A criterion an application does not meet yet, or that staff still have to check.

    Kept up to date with the application's summary (`services.refresh_summary`) so that the admin
    can list, say, every application whose language certificate is not met.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_flags", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        EligibilityCriterion,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("eligibility criterion"),
    )
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

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("application")
    )
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks by staff")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="assessment_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.get_result_display()}"
