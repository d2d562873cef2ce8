"""The categories of personal data the portal holds: the privacy notice and the office's record of
processing are both generated from this list and from the retention periods (privacy.conf)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .conf import period

STUDENT, PARTICIPANT, COORDINATOR = "student", "participant", "coordinator"

CONTROLLER_DEFAULTS = {
    "controller": "Université Paris Cité, 85 boulevard Saint-Germain, 75006 Paris, France",
    "dpo_email": "dpo@u-paris.fr",
    "authority": "CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07 — www.cnil.fr",
}


def controller():
    return {**CONTROLLER_DEFAULTS, **getattr(settings, "PRIVACY_CONTROLLER", {})}


def months(n):
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


def years(n):
    return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}


def days(n):
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


@dataclass
class Category:
    key: str
    name: str
    roles: tuple
    data: str
    purpose: str
    legal_basis: str
    recipients: str
    retention: callable
    count: callable = field(repr=False)


def _count_applications():
    from mobility.models import Application

    return Application.objects.count()


def _count_documents():
    from mobility.models import AcceptanceLetter, ApplicationDocument

    return ApplicationDocument.objects.count() + AcceptanceLetter.objects.exclude(file="").count()


def _count_nominations():
    from mobility.models import Nomination

    return Nomination.objects.exclude(first_name="[erased]").count()


def _count_records():
    from mobility.models import MobilityRecord

    return MobilityRecord.objects.count()


def _count_registrations():
    from summerschool.models import Registration

    return Registration.objects.count()


def _count_payments():
    from summerschool.models import Payment

    return Payment.objects.count()


def _count_certificates():
    from summerschool.models import Certificate

    return Certificate.objects.count()


def _count_accounts():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).count()


def _count_emails():
    from post_office.models import Email

    return Email.objects.count()


def _count_file_access():
    from core.models import FileAccess

    return FileAccess.objects.count()


def _count_copies():
    from .models import DataRequest

    return DataRequest.objects.exclude(file="").count()


def _application_periods():
    """The two periods an application's data are kept: after it closed unsuccessfully, after the mobility."""
    return {
        "closed": months(period("closed_application_months")),
        "done": months(period("completed_mobility_months")),
    }


def categories():
    """Every category, with its retention worded from the current settings."""
    return [
        Category(
            "accounts",
            _("Accounts"),
            (STUDENT, PARTICIPANT, COORDINATOR),
            _("Email address, name, preferred language, password (hashed), dates of sign-up and last login."),
            _("Logging in; writing to you in your language."),
            _("Public-interest task of the university (GDPR art. 6(1)(e))."),
            _("IRO staff."),
            lambda: (
                _("Deleted after %(years)s without login, %(days)s after a warning email.")
                % {
                    "years": years(period("inactive_account_years")),
                    "days": days(period("inactive_account_warning_days")),
                }
            ),
            _count_accounts,
        ),
        Category(
            "applications",
            _("Exchange and placement applications"),
            (STUDENT,),
            _(
                "Date of birth, nationality, phone, student number, studies, motivation, ranked "
                "preferences, eligibility checks, decisions and their history."
            ),
            _("Selecting students for exchanges and placements; preparing their mobility."),
            _(
                "Public-interest task of the university (GDPR art. 6(1)(e); Code de l'éducation, art. L123-3)."
            ),
            _(
                "IRO staff; the academic supervisors of the call; for incoming students, their home "
                "coordinator; the host institution once a place is given."
            ),
            lambda: (
                _(
                    "Details cleared %(closed)s after a rejection or withdrawal, %(done)s after the end of the mobility."
                )
                % _application_periods()
            ),
            _count_applications,
        ),
        Category(
            "documents",
            _("Supporting documents and acceptance letters"),
            (STUDENT,),
            _(
                "Passport or identity card, transcripts, language certificates, insurance, immunisation "
                "records (health data, asked only where a host hospital requires them), learning agreements; "
                "the acceptance letter."
            ),
            _("Checking eligibility; the host's and the visa authorities' requirements."),
            _(
                "Public-interest task (GDPR art. 6(1)(e)); immunisation records: occupational health "
                "obligations of the host hospitals (GDPR art. 9(2)(b) and (h))."
            ),
            _("IRO staff; the academic supervisors of the call; the coordinator who nominated you."),
            lambda: (
                _(
                    "Files deleted %(closed)s after a rejection or withdrawal, %(done)s after the end of the mobility."
                )
                % _application_periods()
            ),
            _count_documents,
        ),
        Category(
            "nominations",
            _("Nominations by partner universities"),
            (STUDENT, COORDINATOR),
            _("The nominee's name, email, study year, wished period and departments; who nominated them."),
            _("Receiving incoming students within the agreements' seats."),
            _("Public-interest task of the university (GDPR art. 6(1)(e))."),
            _("IRO staff; the nominating coordinator."),
            lambda: (
                _("Name and address cleared %(closed)s after a nomination is withdrawn or refused.")
                % {"closed": months(period("closed_application_months"))}
            ),
            _count_nominations,
        ),
        Category(
            "mobility_records",
            _("Mobility records (key figures)"),
            (STUDENT,),
            _("Direction, programme, partner, country, academic year and dates of each mobility."),
            _("Statistics of the office and its reports to the Erasmus+ agency."),
            _("Public-interest task (GDPR art. 6(1)(e)); statistics (GDPR art. 89)."),
            _("IRO staff; published only as totals."),
            lambda: (
                _("Kept for the statistics; the student's name is removed %(done)s after the mobility ends.")
                % {"done": months(period("completed_mobility_months"))}
            ),
            _count_records,
        ),
        Category(
            "registrations",
            _("Summer-school registrations"),
            (PARTICIPANT,),
            _("Institution, studies, motivation, CV, postal address, attendance."),
            _("Selecting and welcoming participants; receipts."),
            _("Performance of the registration (GDPR art. 6(1)(b))."),
            _("IRO staff and the school's teachers."),
            lambda: (
                _(
                    "CV and motivation deleted %(months)s after the school ends; the address stays with the "
                    "payments it is printed on."
                )
                % {"months": months(period("summer_school_cv_months"))}
            ),
            _count_registrations,
        ),
        Category(
            "payments",
            _("Payments and receipts"),
            (PARTICIPANT,),
            _("Amount, date, bank reference; the payer's name and address on the receipt."),
            _("Public accounting of the fees received."),
            _("Legal obligation (GDPR art. 6(1)(c)): French public accounting rules."),
            _("IRO staff; the university's accounting officer."),
            lambda: (
                _("%(years)s after the payment, even after an erasure request.")
                % {"years": years(period("payment_years"))}
            ),
            _count_payments,
        ),
        Category(
            "certificates",
            _("Certificates of completion"),
            (PARTICIPANT,),
            _("Holder's name, school, dates, ECTS, verification code."),
            _("Proving the training to anyone the holder shows the certificate to, for years."),
            _("Public-interest task of the university (GDPR art. 6(1)(e))."),
            _("Anyone who has the certificate's verification code."),
            lambda: _(
                "Kept as long as the certificate can be verified; deleted when the holder asks for erasure."
            ),
            _count_certificates,
        ),
        Category(
            "emails",
            _("Emails sent by the portal"),
            (STUDENT, PARTICIPANT, COORDINATOR),
            _("Recipient, subject, message and attachments (acceptance letters, certificates)."),
            _("Informing you of every step; proving that an email was sent."),
            _("Public-interest task of the university (GDPR art. 6(1)(e))."),
            _("IRO staff see recipients, subjects and delivery; only administrators see messages."),
            lambda: (
                _("Deleted with their attachments %(months)s after they were written.")
                % {"months": months(period("email_months"))}
            ),
            _count_emails,
        ),
        Category(
            "file_access",
            _("Trail of file downloads"),
            (STUDENT, PARTICIPANT, COORDINATOR),
            _("Who downloaded whose file, when, from which IP address."),
            _("Security of the documents entrusted to the office."),
            _("Legal obligation: security of processing (GDPR art. 32)."),
            _("Administrators of the portal."),
            lambda: (
                _("Deleted %(months)s after the download.") % {"months": months(period("file_access_months"))}
            ),
            _count_file_access,
        ),
        Category(
            "copies",
            _("Copies of your data"),
            (STUDENT, PARTICIPANT, COORDINATOR),
            _("The ZIP file you asked for."),
            _("Answering your right of access (GDPR art. 15)."),
            _("Legal obligation (GDPR art. 6(1)(c))."),
            _("You only."),
            lambda: (
                _("Deleted once downloaded, or %(days)s after it is ready.")
                % {"days": days(period("data_copy_days"))}
            ),
            _count_copies,
        ),
    ]


def register_rows():
    """The office's record of processing: every category with the number of records it holds now."""
    rows = []
    for category in categories():
        rows.append({"category": category, "retention": category.retention(), "count": category.count()})
    return rows


def notice_sections():
    """The privacy notice's sections, per role."""
    all_categories = categories()
    labels = {
        STUDENT: _("Students applying for an exchange or a placement"),
        PARTICIPANT: _("Summer-school participants"),
        COORDINATOR: _("Partner coordinators"),
    }
    return [
        {
            "role": role,
            "label": labels[role],
            "categories": [(c, c.retention()) for c in all_categories if role in c.roles],
        }
        for role in (STUDENT, PARTICIPANT, COORDINATOR)
    ]
