"""Money: the transfers received, the invoices and credit notes, the imported bank statement lines."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .registrations import Registration


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
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)

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
