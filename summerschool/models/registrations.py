"""One person's registration for one offering, its history, and the reference its bank transfer quotes."""

import os
import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.workflow import SystemComment, TransitionRecord

from .offerings import Offering
from .states import (
    ACTIVE_STATES,
    CANCELLABLE_STATES,
    MACHINE,
    PAYABLE_STATES,
    SEAT_STATES,
    STATE_TONES,
    State,
)


class LevelOfStudy(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("Undergraduate (bachelor, medical years 1–3)")
    GRADUATE = "graduate", _("Graduate (master, medical years 4–6)")
    RESIDENT = "resident", _("Resident, intern or fellow")
    PHD = "phd", _("PhD student")
    RESEARCHER = "researcher", _("Researcher or postdoc")
    PROFESSIONAL = "professional", _("Health or engineering professional")


class WaiverProof(models.TextChoices):
    EMAIL_DOMAIN = "email_domain", _("a verified address at the institution's email domain")
    CODE = "code", _("a waiver code from the network")
    STAFF = "staff", _("a decision of the International Relations Office")


def cv_path(instance, filename):
    suffix = os.path.splitext(filename)[1].lower()
    suffix = suffix if suffix in (".pdf", ".jpg", ".jpeg", ".png") else ""
    return f"summerschool/cv/{uuid.uuid4().hex}{suffix}"


class RegistrationQuerySet(models.QuerySet):
    """The state predicates of `Registration`, as filters."""

    def active(self):
        return self.filter(state__in=[s.value for s in ACTIVE_STATES])

    def holding_seats(self):
        return self.filter(state__in=[s.value for s in SEAT_STATES])

    def awaiting_payment(self):
        return self.filter(state=State.ACCEPTED)

    def completable(self):
        """Those the machine lets move to completed (confirmed, or marked not completed before)."""
        return self.filter(
            state__in=[s for s, moves in MACHINE.transitions.items() if State.COMPLETED in moves]
        )

    def with_waitlist_position(self):
        """Annotate `waitlist_rank` (people ahead on the same waiting list, plus one) in the query
        itself: a page of registrations costs one query, not one COUNT per waitlisted row."""
        ahead = (
            Registration.objects.filter(offering_id=models.OuterRef("offering_id"), state=State.WAITLISTED)
            .filter(
                Q(queued_at__lt=models.OuterRef("queued_at"))
                | Q(queued_at=models.OuterRef("queued_at"), pk__lt=models.OuterRef("pk"))
            )
            .order_by()
            .values("offering_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            waitlist_rank=models.Case(
                models.When(
                    state=State.WAITLISTED,
                    then=Coalesce(models.Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(null=True),
            )
        )


class Registration(models.Model):
    """One person's registration for one offering, from submission to completion."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("offering")
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    institution = models.ForeignKey(
        "partners.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    institution_name = models.CharField(_("institution (not in the list)"), max_length=255, blank=True)
    field_of_study = models.CharField(_("field of study"), max_length=200)
    level_of_study = models.CharField(_("level of study"), max_length=30, choices=LevelOfStudy.choices)
    # Limits on free text (issue 12): the registration form shows them, the model refuses longer text too.
    motivation = models.TextField(_("motivation"), max_length=5000, validators=[MaxLengthValidator(5000)])
    address = models.TextField(
        _("postal address"),
        help_text=_("Printed on your payment receipts."),
        max_length=500,
        validators=[MaxLengthValidator(500)],
    )
    cv = models.FileField(_("CV"), upload_to=cv_path)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    fee = models.DecimalField(_("fee due (€)"), max_digits=8, decimal_places=2)
    fee_waived_by = models.ForeignKey(
        "partners.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fee waived as a member of"),
    )
    waiver_pending_for = models.ForeignKey(
        "partners.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fee waiver pending as a member of"),
        help_text=_("Claimed, not proven yet: the full fee is due until it is."),
    )
    waiver_proof = models.CharField(
        _("fee waiver proven by"), max_length=20, choices=WaiverProof.choices, blank=True
    )
    waiver_code = models.ForeignKey(
        "WaiverCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("waiver code"),
    )
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True, db_index=True)
    payment_due = models.DateField(_("payment due"), null=True, blank=True, db_index=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "participant"],
                condition=Q(state__in=[s.value for s in ACTIVE_STATES]),
                name="one_active_registration_per_offering",
            ),
        ]
        indexes = [models.Index(fields=["offering", "state", "queued_at"])]

    def __str__(self):
        return f"{self.participant.display_name} — {self.offering}"

    def get_absolute_url(self):
        return reverse("summerschool:registration", args=[self.pk])

    @property
    def institution_label(self):
        return self.institution.name if self.institution_id else self.institution_name

    @property
    def amount_paid(self):
        return sum((p.amount for p in self.payments.all()), Decimal("0"))

    @property
    def balance(self):
        return max(self.fee - self.amount_paid, Decimal("0"))

    @property
    def transfer_reference(self):
        """The structured creditor reference (ISO 11649, "RF…") to quote in the bank transfer: the
        statement import finds the registration by it, its check digits catch typing errors."""
        return creditor_reference(f"IRO{self.pk:06d}") if self.pk else ""

    def waitlist_position(self):
        """1 for the first person on the waiting list; None when not on it."""
        if self.state != State.WAITLISTED:
            return None
        if hasattr(self, "waitlist_rank"):  # RegistrationQuerySet.with_waitlist_position()
            return self.waitlist_rank
        ahead = Registration.objects.filter(offering_id=self.offering_id, state=State.WAITLISTED).filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    # State predicates: templates, forms, the admin and services ask these, never a list of states.
    @property
    def is_active(self):
        """Still "in": one such registration per person and offering."""
        return self.state in ACTIVE_STATES

    @property
    def holds_seat(self):
        return self.state in SEAT_STATES

    @property
    def is_payable(self):
        """A transfer can be recorded (a seat was given; also after the school, for late transfers)."""
        return self.state in PAYABLE_STATES

    @property
    def can_cancel(self):
        return self.state in CANCELLABLE_STATES

    @property
    def awaits_payment(self):
        return self.state == State.ACCEPTED

    @property
    def waiver_is_pending(self):
        """A network waiver claimed and not proven: the full fee stays due until it is."""
        return self.waiver_pending_for_id is not None and self.is_active

    @property
    def state_tone(self):
        """The colour of the state badge (templates/includes/state_badge.html)."""
        return STATE_TONES.get(self.state, "secondary")


# One predicate per state (`registration.is_waitlisted`, `is_offered`, `is_offer_expired`…), so that
# templates and emails never compare `state` with a string.
for _state in State:
    setattr(Registration, f"is_{_state.value}", property(lambda self, state=_state: self.state == state))


class RegistrationTransition(TransitionRecord):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("registration")
    )

    machine = MACHINE
    subject_field = "registration"

    class Meta(TransitionRecord.Meta):
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")


# The portal's own comments on a registration's moves: stored in English, read in the reader's
# language (core.workflow.SystemComment).
SEATS_TAKEN = SystemComment(_("All seats are taken."))
SEAT_FREED = SystemComment(_("A seat became free."))
OFFER_NOT_ACCEPTED = SystemComment(_("The offer was not accepted in time."))
OFFER_ACCEPTED = SystemComment(_("Seat offer accepted."))
CANCELLED_BY_PARTICIPANT = SystemComment(_("Cancelled by the participant."))
FEE_PAID = SystemComment(_("Fee paid (%(ref)s)."))
PAYMENT_DATE_MOVED = SystemComment(_("Payment date moved from %(before)s to %(after)s."))
NO_FEE_DUE = SystemComment(_("No fee due: confirmed without payment."))
# `proof` is stored as the WaiverProof code and shown as its label in the reader's language.
FEE_WAIVED = SystemComment(
    _("Fee waived for members of %(network)s (proof: %(proof)s)."), proof=lambda code: WaiverProof(code).label
)


def _iso7064_digits(text):
    return int("".join(str(int(c, 36)) for c in text.upper()))


def creditor_reference(body):
    """ISO 11649 reference of `body` (letters and digits): "RF", two check digits, the body."""
    check = 98 - _iso7064_digits(body + "RF00") % 97
    return f"RF{check:02d}{body}"


def registration_id_of_reference(text):
    """The registration pk a transfer's reference names (spaces and case ignored), or None when the
    text holds no valid reference (wrong check digits: a typing error, never a wrong match)."""
    compact = "".join((text or "").split()).upper()
    match = re.search(r"RF(\d{2})IRO(\d{6})", compact)
    if not match:
        return None
    body = f"IRO{match.group(2)}"
    if creditor_reference(body) != f"RF{match.group(1)}{body}":
        return None
    return int(match.group(2))
