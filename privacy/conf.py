"""How long each category of personal data is kept (settings.PRIVACY_RETENTION over these defaults).

One place for the periods: the retention sweep, the privacy notice and the office's register all
read them here, so what the portal says is what it does.
"""

from django.conf import settings

DEFAULTS = {
    # Documents and personal details of an application rejected, withdrawn or left as a draft,
    # counted from the decision (or the withdrawal, or the call's documents deadline for a draft).
    "closed_application_months": 6,
    # Documents, acceptance letter and personal details of a mobility, counted from its end; the
    # mobility record stays for the key figures, without the student's name.
    "completed_mobility_months": 12,
    # A summer-school participant's CV, motivation (and address when nothing was paid), counted
    # from the end of the school.
    "summer_school_cv_months": 6,
    # Payments and the receipts' details (payer's name and address): French public accounting.
    "payment_years": 10,
    # Accounts nobody logged into for this long are deleted, `inactive_account_warning_days`
    # after a warning email.
    "inactive_account_years": 3,
    "inactive_account_warning_days": 30,
    # The outbox (post_office emails and their attachments: letters, certificates).
    "email_months": 12,
    # The trail of downloads of a person's files (core.FileAccess).
    "file_access_months": 12,
    # A person's own copy: the link works once, for this many days.
    "data_copy_days": 7,
}


def retention():
    return {**DEFAULTS, **getattr(settings, "PRIVACY_RETENTION", {})}


def period(key):
    return retention()[key]
