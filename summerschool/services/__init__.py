"""Every state change of registrations, payments and certificates (views, admin and tasks call
these), one module per concept; the public functions are re-exported here, so
`from summerschool import services; services.register(...)` works wherever it is used.

- common: the refusal every service raises, row locks, a registration's move, emails;
- registrations: registering, accepting an offer, cancelling, rejecting, the payment date;
- waitlist: free seats offered to the waiting list, offers expiring, unpaid seats released;
- waivers: proving a fee waiver, generating waiver codes;
- invoices: invoices and credit notes, their PDF;
- payments: transfers recorded by hand or from a bank statement, receipts;
- certificates: attendance, completion, certificate runs and the certificates themselves.

Seats: the offering's row is locked (`select_for_update`) by every operation that takes or frees a
seat, so counting the seats held and taking one are a single step even under concurrent requests.
Reads live in `summerschool.selectors`.
"""

from .certificates import (
    CERTIFICATE_SWEEP_AFTER,
    CERTIFICATE_TASK,
    certificate_context,
    certificate_filename,
    certificate_qr,
    certificate_templates,
    issue_certificate,
    mark_attendance,
    mark_completed,
    mark_not_completed,
    qr_png_data_uri,
    record_certificate_failure,
    refresh_run_progress,
    render_certificate,
    start_certificate_run,
    sweep_certificates,
)
from .common import RegistrationError, participant_language
from .invoices import invoice_pdf
from .payments import assign_bank_line, import_statement, receipt_pdf, record_payment
from .registrations import accept_offer, cancel, extend_payment_due, register, reject
from .waitlist import RELEASE_OFFERINGS, expire_offers, offer_free_seats, release_unpaid
from .waivers import generate_waiver_codes, prove_waiver

__all__ = [
    "CERTIFICATE_SWEEP_AFTER",
    "CERTIFICATE_TASK",
    "RELEASE_OFFERINGS",
    "RegistrationError",
    "accept_offer",
    "assign_bank_line",
    "cancel",
    "certificate_context",
    "certificate_filename",
    "certificate_qr",
    "certificate_templates",
    "expire_offers",
    "extend_payment_due",
    "generate_waiver_codes",
    "import_statement",
    "invoice_pdf",
    "issue_certificate",
    "mark_attendance",
    "mark_completed",
    "mark_not_completed",
    "offer_free_seats",
    "participant_language",
    "prove_waiver",
    "qr_png_data_uri",
    "receipt_pdf",
    "record_certificate_failure",
    "record_payment",
    "refresh_run_progress",
    "register",
    "reject",
    "release_unpaid",
    "render_certificate",
    "start_certificate_run",
    "sweep_certificates",
]
