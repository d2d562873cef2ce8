"""Invoices and credit notes: numbered without gap or repeat, never changed once issued."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.pdf import render_pdf

from ..models import (
    Invoice,
    InvoiceCounter,
    InvoiceKind,
)
from .common import participant_language


def _next_sequence(kind, year, count=1):
    """The next `count` numbers of `kind` in `year` (the first returned), taken under the counter's
    row lock: two payments or registrations at once wait for each other, and a transaction rolled
    back gives its numbers back (the counter rolls back with it), so numbers have no gap."""
    counter = InvoiceCounter.objects.select_for_update().filter(kind=kind, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                InvoiceCounter.objects.create(kind=kind, year=year)
        except IntegrityError:
            pass  # created meanwhile by a concurrent transaction
        counter = InvoiceCounter.objects.select_for_update().get(kind=kind, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


def _issue(registration, *, kind, amount, now, due_on=None, cancels=None, sequence=None):
    today = timezone.localdate(now)
    invoice = _invoice_row(registration, kind=kind, amount=amount, now=now, due_on=due_on, cancels=cancels)
    invoice.sequence = sequence or _next_sequence(kind, today.year)
    invoice.save()
    return invoice


def _invoice_row(registration, *, kind, amount, now, due_on=None, cancels=None):
    today = timezone.localdate(now)
    offering = registration.offering
    participant = registration.participant
    return Invoice(
        registration=registration,
        kind=kind,
        year=today.year,
        issued_on=today,
        due_on=due_on,
        amount=amount,
        billing_name=participant.get_full_name() or participant.email,
        billing_address=registration.address,
        billing_institution=registration.institution_label,
        description=f"{offering.title} ({offering.starts_on:%d/%m/%Y} – {offering.ends_on:%d/%m/%Y})",
        payment_reference=registration.transfer_reference,
        cancels=cancels,
    )


def _issue_invoice(registration, *, now=None):
    """The invoice of a registration given a seat with a fee (once)."""
    now = now or timezone.now()
    if (
        registration.fee <= 0
        or registration.invoices.filter(kind=InvoiceKind.INVOICE, credit_note=None).exists()
    ):
        return None
    return _issue(
        registration,
        kind=InvoiceKind.INVOICE,
        amount=registration.fee,
        now=now,
        due_on=registration.payment_due,
    )


def _credit_open_invoice(registration, *, now=None):
    """A registration leaving (cancelled, rejected, released, fee waived) gets a credit note for its
    invoice: an issued invoice is never deleted or changed, a credit note cancels it."""
    now = now or timezone.now()
    invoice = registration.invoices.filter(kind=InvoiceKind.INVOICE, credit_note=None).first()
    if invoice is None:
        return None
    return _issue(
        registration, kind=InvoiceKind.CREDIT_NOTE, amount=-invoice.amount, now=now, cancels=invoice
    )


def _credit_open_invoices(registrations, *, now):
    """`_credit_open_invoice` for many registrations (the release sweep): one read, one block of
    numbers, one insert, whatever their number."""
    by_pk = {r.pk: r for r in registrations}
    if not by_pk:
        return []
    invoices = list(
        Invoice.objects.filter(
            registration__in=list(by_pk), kind=InvoiceKind.INVOICE, credit_note=None
        ).order_by("registration_id")
    )
    if not invoices:
        return []
    year = timezone.localdate(now).year
    first = _next_sequence(InvoiceKind.CREDIT_NOTE, year, count=len(invoices))
    notes = []
    for offset, invoice in enumerate(invoices):
        note = _invoice_row(
            by_pk[invoice.registration_id],
            kind=InvoiceKind.CREDIT_NOTE,
            amount=-invoice.amount,
            now=now,
            cancels=invoice,
        )
        note.sequence = first + offset
        notes.append(note)
    return Invoice.objects.bulk_create(notes)


def invoice_pdf(invoice):
    registration = invoice.registration
    with translation.override(participant_language(registration)):
        return render_pdf(
            "summerschool/pdf/invoice.html",
            {
                "invoice": invoice,
                "registration": registration,
                "offering": registration.offering,
                "issuer": settings.INVOICE_ISSUER,
            },
        )
