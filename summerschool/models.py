"""Offerings people register for, their registrations, payments and certificates.

One mechanism for every paid (or free) activity with limited seats: an `Offering` is the thing
people register for. Summer schools are offerings of kind `summer_school` (the `SummerSchool`
proxy); an Erasmus+ project's training session opens registrations with an offering of kind
`project_activity` (`projects.TrainingSession.offering`, created by staff from the session in the
admin). Registration, the waiting list, payments, receipts and certificates only ever look at
`Offering`; `Offering.the_noun` names it in pages and emails ("the summer school", "the training
session").
"""

import os
import re
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import StateMachine, TransitionRecord


class OfferingKind(models.TextChoices):
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    PROJECT_ACTIVITY = "project_activity", _("Project activity")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted — awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


# The explicit transition table: services check every move against it.
MACHINE = StateMachine(
    {
        State.SUBMITTED: {State.ACCEPTED, State.CONFIRMED, State.WAITLISTED, State.REJECTED, State.CANCELLED},
        State.WAITLISTED: {State.OFFERED, State.REJECTED, State.CANCELLED},
        State.OFFERED: {
            State.ACCEPTED,
            State.CONFIRMED,
            State.OFFER_EXPIRED,
            State.REJECTED,
            State.CANCELLED,
        },
        State.ACCEPTED: {State.CONFIRMED, State.REJECTED, State.CANCELLED},
        State.CONFIRMED: {State.COMPLETED, State.NOT_COMPLETED, State.CANCELLED},
        State.NOT_COMPLETED: {State.COMPLETED},
        State.COMPLETED: set(),
        State.OFFER_EXPIRED: set(),
        State.REJECTED: set(),
        State.CANCELLED: set(),
    },
    field="state",
    labels=State.choices,
)

# States that hold one of the offering's seats (an open offer keeps the seat for its holder).
SEAT_STATES = (State.ACCEPTED, State.CONFIRMED, State.OFFERED, State.COMPLETED, State.NOT_COMPLETED)
# States in which a person is still "in" (one such registration per person and offering).
ACTIVE_STATES = (State.SUBMITTED, State.WAITLISTED, *SEAT_STATES)
# A transfer can be recorded once a seat is given (and still after the school, when it arrives late).
PAYABLE_STATES = (State.ACCEPTED, State.CONFIRMED, State.COMPLETED, State.NOT_COMPLETED)
CANCELLABLE_STATES = (State.SUBMITTED, State.WAITLISTED, State.OFFERED, State.ACCEPTED, State.CONFIRMED)
# Badge colours (Bootstrap's text-bg-*): a seat for sure, a seat pending, waiting; else grey.
STATE_TONES = {
    State.CONFIRMED: "success",
    State.COMPLETED: "success",
    State.ACCEPTED: "primary",
    State.OFFERED: "primary",
    State.WAITLISTED: "warning",
    State.SUBMITTED: "warning",
}


# The public page of each kind of offering (URL name taking the slug). An app that adds a kind
# registers its page here in its AppConfig.ready(); without one, links go to the registration form.
DETAIL_URL_NAMES = {OfferingKind.SUMMER_SCHOOL: "summerschool:detail"}


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


class OfferingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_seats(self):
        """Annotate `seats_taken` and `waitlist_length` (one query, whatever the number of rows)."""
        return self.annotate(
            seats_taken=models.Count("registrations", filter=Q(registrations__state__in=SEAT_STATES)),
            waitlist_length=models.Count("registrations", filter=Q(registrations__state=State.WAITLISTED)),
        )


class Offering(models.Model):
    """Something people register for: a summer school, or an activity of an Erasmus+ project."""

    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=OfferingKind.choices,
        default=OfferingKind.SUMMER_SCHOOL,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    audience = models.CharField(_("for"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    locations = models.TextField(
        _("locations"),
        blank=True,
        help_text=_("One per line."),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    language = models.CharField(_("language of instruction"), max_length=60, default="English")
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    fee = models.DecimalField(
        _("fee (€)"), max_digits=8, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    waiver_networks = models.ManyToManyField(
        "partners.Network",
        verbose_name=_("free for members of"),
        blank=True,
        related_name="fee_waived_offerings",
        help_text=_("Participants from a member institution of these networks pay nothing."),
    )
    ects = models.DecimalField(_("ECTS credits"), max_digits=4, decimal_places=1, default=Decimal("5"))
    hours = models.PositiveSmallIntegerField(_("hours of teaching"), default=60)
    extra_certification = models.CharField(
        _("extra certification"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the AFGSU 2 life-support diploma; printed on the certificate."),
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    offer_days = models.PositiveSmallIntegerField(
        _("days to accept a seat offered from the waiting list"), default=3, validators=[MinValueValidator(1)]
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay after acceptance"), default=21, validators=[MinValueValidator(1)]
    )
    payment_grace_days = models.PositiveSmallIntegerField(
        _("days of grace after the payment date"),
        default=7,
        help_text=_(
            "An accepted registration still unpaid this many days after its payment date is released: "
            "cancelled, the participant told, the seat offered to the waiting list."
        ),
    )
    contact_email = models.EmailField(_("contact"), blank=True)
    signatory_name = models.CharField(_("certificate signed by"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        indexes = [
            models.Index(fields=["kind", "is_published", "starts_on"]),
            # The admin's offering filter lists the latest offerings of every kind (admin.py).
            models.Index(fields=["-starts_on", "-id"], name="offering_latest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="offering_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="offering_registration_window_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(DETAIL_URL_NAMES.get(self.kind, "summerschool:register"), args=[self.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})

    @property
    def location_list(self):
        return [line.strip() for line in self.locations.splitlines() if line.strip()]

    @property
    def is_over(self):
        return self.ends_on < timezone.localdate()

    @property
    def session(self):
        """The project's training session this offering opens, or None (a summer school)."""
        if self.kind != OfferingKind.PROJECT_ACTIVITY:
            return None
        return getattr(self, "training_session", None)

    @property
    def the_noun(self):
        """How pages and emails name it: a project's summer school is a summer school too."""
        session = self.session
        if session is not None and session.kind != "summer_school":
            return _("the training session")
        return _("the summer school")

    @property
    def noun(self):
        session = self.session
        if session is not None and session.kind != "summer_school":
            return _("training session")
        return _("summer school")

    def has_reached_last_day(self, today=None):
        """Completion (and so a certificate) only for what happened: from the offering's last day on."""
        return (today or timezone.localdate()) >= self.ends_on

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes

    def seats_left(self):
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(state__in=SEAT_STATES).count()
        return max(self.capacity - taken, 0)


class SummerSchoolManager(models.Manager.from_queryset(OfferingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=OfferingKind.SUMMER_SCHOOL)


class SummerSchool(Offering):
    """The summer schools of the medical school (offerings of kind `summer_school`)."""

    objects = SummerSchoolManager()

    class Meta:
        proxy = True
        verbose_name = _("summer school")
        verbose_name_plural = _("summer schools")

    def save(self, *args, **kwargs):
        self.kind = OfferingKind.SUMMER_SCHOOL
        super().save(*args, **kwargs)


def cv_path(instance, filename):
    suffix = os.path.splitext(filename)[1].lower()
    suffix = suffix if suffix in (".pdf", ".jpg", ".jpeg", ".png") else ""
    return f"summerschool/cv/{uuid.uuid4().hex}{suffix}"


def certificate_path(instance, filename):
    return f"summerschool/certificates/{uuid.uuid4().hex}.pdf"


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
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

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
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="transitions")

    machine = MACHINE
    subject_field = "registration"

    class Meta(TransitionRecord.Meta):
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")


class Payment(models.Model):
    """A bank transfer received for a registration, recorded by staff from the bank statement."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="payments", verbose_name=_("registration")
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("date of payment"))
    bank_reference = models.CharField(_("bank reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # The same bank transfer recorded twice (double click, two staff members) is refused.
            models.UniqueConstraint(
                fields=["registration", "bank_reference"], name="one_payment_per_reference"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"€{self.amount} — {self.bank_reference}"

    @property
    def receipt_number(self):
        return f"R-{self.paid_on:%Y}-{self.pk:06d}"


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


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


INVOICE_PREFIXES = {InvoiceKind.INVOICE: "F", InvoiceKind.CREDIT_NOTE: "AV"}


class InvoiceCounter(models.Model):
    """The last number given per kind and year: locked while a number is taken, so that numbers
    follow each other without gap or repeat, in the same transaction as the invoice."""

    kind = models.CharField(max_length=20, choices=InvoiceKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_counter_per_kind_and_year")]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last}"


class Invoice(models.Model):
    """An invoice for a registration's fee, or a credit note cancelling one; never changed once issued."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("registration")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2)
    billing_name = models.CharField(_("billed to"), max_length=300)
    billing_address = models.TextField(_("billing address"), max_length=500)
    billing_institution = models.CharField(_("institution"), max_length=255, blank=True)
    description = models.CharField(_("description"), max_length=400)
    payment_reference = models.CharField(_("payment reference"), max_length=40)
    cancels = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
        verbose_name=_("cancels invoice"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "kind", "-sequence"]
        verbose_name = _("invoice or credit note")
        verbose_name_plural = _("invoices and credit notes")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="invoice_number_unique"),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self):
        return f"{INVOICE_PREFIXES[self.kind]}-{self.year}-{self.sequence:06d}"

    @property
    def is_credit_note(self):
        return self.kind == InvoiceKind.CREDIT_NOTE


class BankLineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched: fee paid")
    PARTIAL = "partial", _("Matched: amount differs from the balance")
    UNMATCHED = "unmatched", _("Not matched: to assign")
    ASSIGNED = "assigned", _("Assigned by hand")


class BankLine(models.Model):
    """One credit line of an imported bank statement; imported once (its key is unique), so the same
    statement imported twice records nothing new."""

    key = models.CharField(_("bank's line identifier"), max_length=200, unique=True)
    statement = models.CharField(_("statement"), max_length=255)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    reference = models.CharField(_("reference text"), max_length=500, blank=True)
    payer = models.CharField(_("payer"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BankLineStatus.choices)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_lines",
        verbose_name=_("registration"),
    )
    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_line",
        verbose_name=_("payment"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "pk"]
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")

    def __str__(self):
        return f"{self.booked_on} €{self.amount} {self.reference[:40]}"

    @property
    def needs_assignment(self):
        return self.status == BankLineStatus.UNMATCHED


def new_waiver_code():
    """Twelve letters and digits without look-alikes (0/O, 1/I/L), grouped for reading aloud."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


class WaiverCodeQuerySet(models.QuerySet):
    def with_uses(self):
        return self.annotate(
            used=models.Count(
                "registrations", filter=Q(registrations__state__in=[s.value for s in ACTIVE_STATES])
            )
        )


class WaiverCode(models.Model):
    """A fee-waiver code IRO staff give a network's office for its members (single or multi-use).

    A use is an active registration that proved its waiver with the code: a cancelled one gives
    its use back.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, default=new_waiver_code)
    network = models.ForeignKey(
        "partners.Network", on_delete=models.PROTECT, related_name="waiver_codes", verbose_name=_("network")
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waiver_codes",
        verbose_name=_("only for"),
        help_text=_("Empty: any offering free for the network's members."),
    )
    issued_to = models.CharField(
        _("issued to"), max_length=200, help_text=_("E.g. “Circle U. office, University of Oslo”.")
    )
    max_uses = models.PositiveIntegerField(
        _("uses allowed"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 for a single-use code."),
    )
    expires_on = models.DateField(
        _("valid until"), help_text=_("Last day the code can be used (Paris time).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WaiverCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "code"]
        verbose_name = _("waiver code")
        verbose_name_plural = _("waiver codes")

    def __str__(self):
        return self.code

    def uses(self):
        used = getattr(self, "used", None)
        if used is None:
            used = self.registrations.active().count()
        return used

    def refusal_for(self, offering, today=None):
        """Why the code cannot be used for `offering` (a sentence), or "" when it can."""
        today = today or timezone.localdate()
        if self.expires_on < today:
            return _("This waiver code expired on %(day)s.") % {"day": self.expires_on.isoformat()}
        if self.offering_id and self.offering_id != offering.pk:
            return _("This waiver code is for another programme.")
        if not offering.waiver_networks.filter(pk=self.network_id).exists():
            return _("This programme is not free for the members of %(network)s.") % {"network": self.network}
        if self.uses() >= self.max_uses:
            return _("This waiver code has been used as many times as allowed.")
        return ""


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

    run = models.ForeignKey(CertificateRun, on_delete=models.CASCADE, related_name="items")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="certificate_run_items"
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
