"""Offerings people register for, their registrations, payments and certificates; one module per
concept, everything re-exported here, so `from summerschool.models import Registration, State`
works wherever it is used.

One mechanism for every paid (or free) activity with limited seats: an `Offering` is the thing
people register for. Summer schools are offerings of kind `summer_school` (the `SummerSchool`
proxy); an Erasmus+ project's training session opens registrations with an offering of kind
`project_activity` (`projects.TrainingSession.offering`, created by staff from the session in the
admin). Registration, the waiting list, payments, receipts and certificates only ever look at
`Offering`; `Offering.the_noun` names it in pages and emails ("the summer school", "the training
session").

- states: a registration's states, the machine of their moves, the groups of states;
- offerings: offerings and the `SummerSchool` proxy;
- registrations: registrations, their history, the transfer reference they are paid with;
- payments: payments, invoices and credit notes, imported bank statement lines;
- waivers: fee-waiver codes;
- certificates: certificates of completion and the runs producing them.
"""

from .certificates import (
    Certificate,
    CertificateRun,
    CertificateRunItem,
    certificate_path,
    new_certificate_code,
)
from .offerings import (
    DETAIL_URL_NAMES,
    Offering,
    OfferingKind,
    OfferingQuerySet,
    SummerSchool,
    SummerSchoolManager,
)
from .payments import (
    INVOICE_PREFIXES,
    BankLine,
    BankLineStatus,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    Payment,
)
from .registrations import (
    LevelOfStudy,
    Registration,
    RegistrationQuerySet,
    RegistrationTransition,
    WaiverProof,
    creditor_reference,
    cv_path,
    registration_id_of_reference,
)
from .states import (
    ACTIVE_STATES,
    CANCELLABLE_STATES,
    MACHINE,
    PAYABLE_STATES,
    SEAT_STATES,
    STATE_TONES,
    State,
)
from .waivers import WaiverCode, WaiverCodeQuerySet, new_waiver_code

__all__ = [
    "ACTIVE_STATES",
    "CANCELLABLE_STATES",
    "DETAIL_URL_NAMES",
    "INVOICE_PREFIXES",
    "MACHINE",
    "PAYABLE_STATES",
    "SEAT_STATES",
    "STATE_TONES",
    "BankLine",
    "BankLineStatus",
    "Certificate",
    "CertificateRun",
    "CertificateRunItem",
    "Invoice",
    "InvoiceCounter",
    "InvoiceKind",
    "LevelOfStudy",
    "Offering",
    "OfferingKind",
    "OfferingQuerySet",
    "Payment",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationTransition",
    "State",
    "SummerSchool",
    "SummerSchoolManager",
    "WaiverCode",
    "WaiverCodeQuerySet",
    "WaiverProof",
    "certificate_path",
    "creditor_reference",
    "cv_path",
    "new_certificate_code",
    "new_waiver_code",
    "registration_id_of_reference",
]
