"""Payments: transfers recorded by staff or from an imported bank statement, their receipts."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .. import statements
from ..models import (
    BankLine,
    BankLineStatus,
    Payment,
    Registration,
    State,
    registration_id_of_reference,
)
from ..models.registrations import FEE_PAID
from .common import RegistrationError, _lock_registration, _move, _notify, participant_language


def record_payment(registration, *, amount, paid_on, bank_reference, by, at=None):
    """Record a transfer; once the fee is covered, the registration is confirmed (`at`: when it was
    recorded, now by default; the demo's past editions give theirs)."""
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        if not registration.is_payable:
            raise RegistrationError(
                _("A payment can only be recorded for an accepted registration (this one is “%(state)s”).")
                % {"state": registration.get_state_display()}
            )
        if registration.payments.filter(bank_reference=bank_reference.strip()).exists():
            raise RegistrationError(_("A payment with this bank reference is already recorded."))
        payment = Payment.objects.create(
            registration=registration,
            amount=amount,
            paid_on=paid_on,
            bank_reference=bank_reference.strip(),
            recorded_by=by,
        )
        if registration.awaits_payment and registration.balance <= 0:
            _move(
                registration,
                State.CONFIRMED,
                by=by,
                comment=FEE_PAID(ref=payment.bank_reference),
                at=at,
            )
            _notify(registration)
        else:
            _notify(registration, "payment_received", payment=payment)
    return payment


def receipt_pdf(payment):
    registration = payment.registration
    with translation.override(participant_language(registration)):
        return render_pdf(
            "summerschool/pdf/receipt.html",
            {"payment": payment, "registration": registration, "offering": registration.offering},
        )


def import_statement(*, name, data, by):
    """Record the credit lines of a bank statement; return {status: count, "already": count}.

    All or nothing: every line is read first (statements.StatementError names an unreadable one).
    A line already imported (same bank identifier) records nothing. A line whose reference names a
    registration that can be paid becomes its payment (matched when it covers the balance, partial
    otherwise); any other line waits for staff to assign it by hand.
    """
    lines = statements.read_statement(name, data)
    counts = dict.fromkeys(BankLineStatus.values, 0) | {"already": 0}
    with transaction.atomic():
        known = set(
            BankLine.objects.filter(key__in=[line.key for line in lines]).values_list("key", flat=True)
        )
        for line in lines:
            if line.key in known:
                counts["already"] += 1
                continue
            row = BankLine.objects.create(
                key=line.key,
                statement=name[:255],
                booked_on=line.booked_on,
                amount=line.amount,
                reference=line.reference[:500],
                payer=line.payer[:255],
                status=BankLineStatus.UNMATCHED,
                imported_by=by,
            )
            known.add(line.key)
            pk = registration_id_of_reference(line.reference)
            registration = Registration.objects.filter(pk=pk).first() if pk else None
            if registration is not None and registration.is_payable:
                _pay_from_line(row, registration, by=by, status=None)
            counts[row.status] += 1
    return counts


def _pay_from_line(row, registration, *, by, status):
    balance = registration.balance
    payment = record_payment(
        registration, amount=row.amount, paid_on=row.booked_on, bank_reference=f"BANK {row.key}"[:100], by=by
    )
    row.registration = registration
    row.payment = payment
    row.status = status or (BankLineStatus.MATCHED if row.amount == balance else BankLineStatus.PARTIAL)
    row.save(update_fields=["registration", "payment", "status"])
    return row


def assign_bank_line(line, registration, *, by):
    """Staff assign a line the matching could not place: it becomes the registration's payment."""
    with transaction.atomic():
        line = BankLine.objects.select_for_update().get(pk=line.pk)
        if not line.needs_assignment:
            raise RegistrationError(_("This bank line is already recorded as a payment."))
        return _pay_from_line(line, registration, by=by, status=BankLineStatus.ASSIGNED)
