"""The access matrix: every URL of the portal, requested by every kind of person, against a table.

Issue 12 (one permission layer). Every URL pattern of the project must be in TABLE (or, for the
admin, every model with personal data in ADMIN_TABLE): a new URL fails `test_every_url_is_in_the_table`
until someone says who may open it. Object URLs are requested as nine people — anonymous, the owner
and another student, the coordinators of two institutions, the academic supervisor of the call and
a supervisor of no call, IRO staff and a superuser — with one data set and one client.

Outcome classes: OK (200), DONE (a redirect that is not to a login page: a POST that went through,
or was refused with a message), LOGIN (redirect to a login page), HIDDEN (404/403, or the admin's
redirect to its index for an object the person may not know of: Django's "doesn't exist").
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
import rules
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from post_office.models import Attachment

from core.models import FileAccess, FileKind
from learning import rules as learning_rules
from learning.models import LearningAgreement
from learning.services import agreements as la_services
from learning.services import period as la_period
from mobility import rules as mobility_rules
from mobility import services
from mobility.models import (
    AcceptanceLetter,
    Application,
    ApplicationDocument,
    Nomination,
    Recommendation,
    Status,
)
from mobility.services import nominations as services_nominations
from mobility.services import records as services_records
from partners import rules as partners_rules
from partners.models import Agreement
from privacy.models import DataRequest, LegalHold
from projects import services as project_services
from projects.models import Project, TrainingSession
from reminders.models import Rule, Sent
from summerschool import rules as summerschool_rules
from summerschool.models import (
    BankLine,
    Certificate,
    CertificateRun,
    Invoice,
    Payment,
    Registration,
    WaiverCode,
)
from tests.factories import NetworkFactory, StaffFactory, StudentFactory, SupervisorFactory, UserFactory
from tests.mobility.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CallFactory,
    DocumentRequirementFactory,
    pdf_file,
)
from tests.mobility.factories_nominations import incoming_call, nominate, partner
from tests.summerschool.factories import RegistrationFactory

OK, DONE, LOGIN, HIDDEN = "200", "redirect", "login", "404/403"

PEOPLE = [
    "anonymous",
    "other_student",
    "coordinator_a",
    "coordinator_b",
    "supervisor",
    "supervisor_of_none",
    "staff",
    "superuser",
    "student",  # last: the owner's POSTs (cancel…) change the data the others were checked against
]
LOGGED_IN = frozenset(PEOPLE) - {"anonymous"}
BACK_OFFICE = frozenset({"supervisor", "supervisor_of_none", "staff", "superuser"})
IRO = frozenset({"staff", "superuser"})


@dataclass
class Case:
    """One request: URL kwargs built from the data set, who gets OK/DONE, everyone else HIDDEN."""

    kwargs: object = None  # callable(data) -> dict
    allowed: frozenset = frozenset()
    method: str = "get"
    allowed_outcome: str = OK
    data: dict = field(default_factory=dict)
    anonymous: str = LOGIN  # what an anonymous visitor gets
    special: dict = field(default_factory=dict)  # person -> outcome, where the page says something else
    admin: bool = False  # the admin sends whoever is not back-office staff to its login page

    def expected(self, person):
        if person in self.special:
            return self.special[person]
        if person == "anonymous":
            return self.anonymous
        if self.admin and person not in BACK_OFFICE:
            return LOGIN
        return self.allowed_outcome if person in self.allowed else HIDDEN


def public(kwargs=None):
    """A page for everybody: anyone gets 200."""
    return [Case(kwargs, allowed=LOGGED_IN, anonymous=OK)]


def anyone_logged_in(kwargs=None, outcome=OK, method="get"):
    return [Case(kwargs, allowed=LOGGED_IN, allowed_outcome=outcome, method=method)]


# Who follows the student's outgoing mobility: the student, the host's coordinator, the call's supervisor, IRO.
FOLLOW_OUT = IRO | {"student", "coordinator_a", "supervisor"}

# People who ask for their own data (students, participants, coordinators).
PERSONS = frozenset({"student", "other_student", "coordinator_a", "coordinator_b"})


def ready_copy(d):
    """The student's copy of their data, ready to download (built lazily: only the matrix needs it)."""
    if not hasattr(d, "copy"):
        student = d.people["student"]
        d.copy = DataRequest(user=student, account_id=student.pk, kind="copy", status="ready")
        d.copy.expires_at = timezone.now() + timedelta(days=1)
        d.copy.file.save("copy.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return d.copy


def legal_hold(d):
    if not hasattr(d, "hold"):
        d.hold = LegalHold.objects.create(application=d.app_out, reason="Appeal", set_by=d.people["staff"])
    return d.hold


def sent_reminder(d):
    if not hasattr(d, "reminder"):
        from django.contrib.contenttypes.models import ContentType

        rule, _ = Rule.objects.get_or_create(
            code="test.rule", defaults={"name": "Test", "offset": timedelta(days=1)}
        )
        d.reminder = Sent.objects.create(
            rule=rule,
            content_type=ContentType.objects.get_for_model(d.app_out),
            object_id=d.app_out.pk,
            deadline=timezone.now(),
            recipient=d.app_out.student,
            sent_at=timezone.now(),
        )
    return d.reminder


def erasure_request(d):
    if not hasattr(d, "erasure"):
        student = d.people["other_student"]
        d.erasure = DataRequest.objects.create(user=student, account_id=student.pk, kind="erasure")
    return d.erasure


NOT_REQUESTED = "not requested"  # accounts/allauth pages: no object of anybody else behind them


def _skip(reason):
    return (NOT_REQUESTED, reason)


ALLAUTH = _skip("allauth's own account pages (tests/accounts): they only ever show the logged-in person")

# --- The table: URL name (or route) -> cases ------------------------------------------------------
TABLE = {
    # Site and health
    "healthz": public(),
    "set_language": _skip("POST-only language switch, no data"),
    "favicon.ico": _skip("redirect to a static file"),
    "core:home": public(),
    "core:dashboard": [Case(allowed=LOGGED_IN, allowed_outcome=DONE)],
    "core:staff_file": [Case(lambda d: {"token": d.staff_file_token}, allowed=IRO)],
    # Accounts (allauth): not object pages
    "accounts:accept_invitation": _skip("one-time signed link of an invited coordinator (tests/accounts)"),
    "accounts:signup": ALLAUTH,  # allauth's signup, prefilled from a nomination invitation
    **dict.fromkeys(
        [
            "account_login",
            "account_logout",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_confirm_email",
            "account_reset_password_from_key_done",
            "account_reset_password_from_key",
            "account_reset_password_done",
            "mfa_index",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        ],
        ALLAUTH,
    ),
    # Partners
    "partners:directory": public(),
    "partners:networks": public(),
    "partners:detail": public(lambda d: {"pk": d.institution_a.pk}),
    "partners:coordinator_dashboard": [Case(allowed=frozenset({"coordinator_a", "coordinator_b"}))],
    "partners:agreement_document": [
        Case(lambda d: {"pk": d.agreement_a.pk}, allowed=IRO | {"coordinator_a"}),
    ],
    # Calls and applications
    "mobility:programmes": public(),
    "mobility:call_short": [
        Case(lambda d: {"pk": d.call_out.pk}, allowed=LOGGED_IN, allowed_outcome=DONE, anonymous=DONE)
    ],
    "mobility:call": public(lambda d: {"pk": d.call_out.pk, "slug": d.call_out.slug}),
    "mobility:start": [
        Case(lambda d: {"pk": d.call_out.pk}, method="post", allowed=LOGGED_IN, allowed_outcome=DONE)
    ],
    "mobility:dashboard": anyone_logged_in(),
    "mobility:key_figures": public(),
    "mobility:key_figures_csv": public(),
    "mobility:application": [
        Case(lambda d: {"pk": d.app_out.pk}, allowed=frozenset({"student"})),
        Case(lambda d: {"pk": d.app_in.pk}, allowed=frozenset({"other_student"})),
    ],
    "mobility:step": [
        Case(lambda d: {"pk": d.app_draft.pk, "step": "personal"}, allowed=frozenset({"student"})),
        Case(lambda d: {"pk": d.app_draft.pk, "step": "documents"}, allowed=frozenset({"student"})),
    ],
    "mobility:review": [Case(lambda d: {"pk": d.app_draft.pk}, allowed=frozenset({"student"}))],
    "mobility:change_status": [
        Case(
            lambda d: {"pk": d.app_draft.pk},
            method="post",
            data={"to": "confirmed"},
            allowed=frozenset({"student"}),
            allowed_outcome=DONE,
        ),
    ],
    "mobility:upload": [
        Case(
            lambda d: {"pk": d.app_draft.pk, "requirement_pk": d.requirement_draft.pk},
            method="post",
            allowed=frozenset({"student"}),
            # No file sent: the owner gets the documents page back with its error summary.
            allowed_outcome="400",
        ),
    ],
    "mobility:delete_document": [
        Case(
            lambda d: {"pk": d.doc_draft.pk},
            method="post",
            allowed=frozenset({"student"}),
            allowed_outcome=DONE,
        ),
    ],
    "mobility:document_file": [
        # Submitted outgoing application: its student, its call's supervisor, IRO staff.
        Case(lambda d: {"pk": d.doc_out.pk}, allowed=IRO | {"student", "supervisor"}),
        # A draft is still the student's own business, even for the call's supervisor.
        Case(lambda d: {"pk": d.doc_draft.pk}, allowed=IRO | {"student"}),
        # An incoming student's document: the nominating institution's coordinator too.
        Case(lambda d: {"pk": d.doc_in.pk}, allowed=IRO | {"other_student", "coordinator_a"}),
    ],
    "mobility:acceptance_letter": [
        Case(lambda d: {"pk": d.app_out.pk}, allowed=IRO | {"student", "supervisor"}),
    ],
    # Nominations
    "mobility:incoming": public(),
    "mobility:nominations": [Case(allowed=frozenset({"coordinator_a", "coordinator_b"}))],
    "mobility:nomination": [Case(lambda d: {"pk": d.nomination.pk}, allowed=frozenset({"coordinator_a"}))],
    "mobility:nomination_withdraw": [
        Case(
            lambda d: {"pk": d.nomination_spare.pk},
            method="post",
            allowed=frozenset({"coordinator_a"}),
            allowed_outcome=DONE,
        ),
    ],
    "mobility:nominee_document": [
        Case(
            lambda d: {"pk": d.nomination.pk, "document_pk": d.doc_in.pk},
            allowed=frozenset({"coordinator_a"}),
        ),
    ],
    "mobility:nominate": [
        Case(
            lambda d: {"call_pk": d.call_in.pk, "institution_pk": d.institution_a.pk},
            allowed=frozenset({"coordinator_a"}),
        ),
    ],
    "mobility:nomination_invitation": _skip(
        "the invitation link: its token is the secret, and following it claims the nomination (test_nominations)"
    ),
    # Summer schools: the participant and IRO staff only; supervisors see none of it.
    "summerschool:list": public(),
    "summerschool:detail": public(lambda d: {"slug": d.registration.offering.slug}),
    "summerschool:register": [
        # The registered student is sent to their registration.
        Case(lambda d: {"slug": d.registration.offering.slug}, allowed=LOGGED_IN, special={"student": DONE}),
    ],
    "summerschool:my_registrations": anyone_logged_in(),
    "summerschool:registration": [Case(lambda d: {"pk": d.registration.pk}, allowed=IRO | {"student"})],
    "summerschool:cv": [Case(lambda d: {"pk": d.registration.pk}, allowed=IRO | {"student"})],
    "summerschool:receipt": [
        Case(lambda d: {"pk": d.registration.pk, "payment_pk": d.payment.pk}, allowed=IRO | {"student"}),
    ],
    "summerschool:certificate": [Case(lambda d: {"pk": d.registration.pk}, allowed=IRO | {"student"})],
    "summerschool:invoice": [
        Case(lambda d: {"pk": d.registration.pk, "invoice_pk": d.invoice.pk}, allowed=IRO | {"student"}),
    ],
    "summerschool:accept_offer": [
        Case(
            lambda d: {"pk": d.registration.pk},
            method="post",
            allowed=frozenset({"student"}),
            allowed_outcome=DONE,
        ),
    ],
    "summerschool:cancel": [
        Case(
            lambda d: {"pk": d.registration.pk},
            method="post",
            allowed=frozenset({"student"}),
            allowed_outcome=DONE,
        ),
    ],
    "summerschool:prove_waiver": [
        Case(
            lambda d: {"pk": d.registration.pk},
            method="post",
            allowed=frozenset({"student"}),
            allowed_outcome=DONE,
        ),
    ],
    "summerschool:certificate_run_status": [Case(lambda d: {"pk": d.run.pk}, allowed=IRO)],
    "summerschool:verify_form": public(),
    "summerschool:verify_certificate": public(lambda d: {"code": d.certificate.code}),
    # Erasmus+ projects
    "projects:list": public(),
    "projects:detail": public(lambda d: {"slug": d.project.slug}),
    # A training session open for registration: its public place is the project page (a redirect).
    "projects:activity": [
        Case(lambda d: {"slug": d.activity.slug}, allowed=LOGGED_IN, allowed_outcome=DONE, anonymous=DONE)
    ],
    # Personal data (issue 21): the notice is public; a person's own page and requests are theirs
    # (back-office accounts go through the office: 404); a copy's link is its owner's, once.
    "privacy:notice": public(),
    "privacy:my_data": [Case(allowed=PERSONS)],
    "privacy:request_copy": [Case(method="post", allowed=PERSONS, allowed_outcome=DONE)],
    "privacy:request_erasure": [
        Case(method="post", data={"confirm": "on"}, allowed=PERSONS, allowed_outcome=DONE)
    ],
    "privacy:download_copy": [Case(lambda d: {"token": ready_copy(d).token}, allowed=frozenset({"student"}))],
    # After acceptance (learning): the student, the partner's coordinator, the call's supervisor and
    # IRO staff follow a mobility; the lists are the office's and the coordinators'.
    "learning:mobilities": [Case(allowed=BACK_OFFICE | {"coordinator_a", "coordinator_b"})],
    "learning:missing": [Case(allowed=IRO)],
    "learning:export": [Case(allowed=IRO)],
    "learning:agreement": [
        Case(lambda d: {"pk": d.record_out.pk}, allowed=FOLLOW_OUT),
        Case(lambda d: {"pk": d.record_in.pk}, allowed=IRO | {"other_student", "coordinator_a"}),
    ],
    "learning:edit": [Case(lambda d: {"pk": d.record_out.pk}, allowed=frozenset({"student"}))],
    "learning:version_pdf": [
        Case(lambda d: {"pk": d.record_out.pk, "version_pk": d.la_version.pk}, allowed=FOLLOW_OUT)
    ],
    "learning:attendance_file": [Case(lambda d: {"pk": d.record_out.pk}, allowed=FOLLOW_OUT)],
    "learning:transcript_file": [Case(lambda d: {"pk": d.record_out.pk}, allowed=FOLLOW_OUT)],
    "learning:attendance_certificate": [
        Case(lambda d: {"pk": d.record_in.pk}, allowed=IRO | {"other_student", "coordinator_a"}),
    ],
    **{
        f"learning:{name}": [
            Case(
                lambda d, v=version: {
                    "pk": d.record_out.pk,
                    **({"version_pk": d.la_version.pk} if v else {}),
                },
                method="post",
                allowed=FOLLOW_OUT,
                allowed_outcome=DONE,
            )
        ]
        for name, version in [
            ("sign", True),
            ("send_back", True),
            ("confirm_stay", False),
            ("attendance_upload", False),
            ("transcript_upload", False),
            ("recognition", False),
            ("top_ups", False),
            ("payment", False),
        ]
    },
}

# --- The admin: the change page (and list) of every model with personal data ---------------------
# Students and coordinators are sent to the admin's login page; back-office people per the rules.
SUPERVISOR_READS = frozenset({"supervisor", "supervisor_of_none"})
ADMIN_TABLE = {
    Application: [
        ("changelist", None, BACK_OFFICE),
        ("change", lambda d: d.app_out, IRO | {"supervisor"}),
        ("change", lambda d: d.app_draft, IRO),  # a draft: not even its call's supervisor
        ("change", lambda d: d.app_in, IRO),  # a call the supervisor does not supervise
    ],
    Recommendation: [
        ("changelist", None, BACK_OFFICE),
        ("change", lambda d: d.recommendation, IRO | {"supervisor"}),
    ],
    Nomination: [("changelist", None, IRO), ("change", lambda d: d.nomination, IRO)],
    AcceptanceLetter: [("changelist", None, IRO), ("change", lambda d: d.letter, IRO)],
    Registration: [("changelist", None, IRO), ("change", lambda d: d.registration, IRO)],
    Payment: [("changelist", None, IRO), ("change", lambda d: d.payment, IRO)],
    Certificate: [("changelist", None, IRO), ("change", lambda d: d.certificate, IRO)],
    CertificateRun: [("changelist", None, IRO), ("change", lambda d: d.run, IRO)],
    WaiverCode: [("changelist", None, IRO), ("change", lambda d: d.waiver_code, IRO)],
    BankLine: [("changelist", None, IRO), ("change", lambda d: d.bank_line, IRO)],
    # Supervisors read agreements (the admin page, not the signed file: see partners:agreement_document).
    Agreement: [("changelist", None, BACK_OFFICE), ("change", lambda d: d.agreement_a, BACK_OFFICE)],
    FileAccess: [
        ("changelist", None, frozenset({"superuser"})),
        ("change", lambda d: d.file_access, {"superuser"}),
    ],
}
ADMIN_TABLE[LearningAgreement] = [
    ("changelist", None, IRO),
    ("change", lambda d: d.record_out.learning_agreement, IRO),
]
ADMIN_TABLE[LegalHold] = [("changelist", None, IRO), ("change", legal_hold, IRO)]
ADMIN_TABLE[DataRequest] = [("changelist", None, IRO), ("change", erasure_request, IRO)]
ADMIN_TABLE[Sent] = [("changelist", None, IRO), ("change", sent_reminder, IRO)]  # who was reminded of what
ADMIN_TABLE[Attachment] = [("changelist", None, frozenset({"superuser"}))]  # emailed letters, certificates
# Accounts, email addresses and MFA devices are the accounts admin's (tests/accounts/test_escalation.py).
ADMIN_APPS_ELSEWHERE = {"accounts", "account", "mfa"}


# --- URL patterns ----------------------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, route) of every pattern, recursively; key is the namespaced name, or the route if unnamed."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = (p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)) or namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            key = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else prefix + str(p.pattern)
            yield key, prefix + str(p.pattern)


def personal_admin_models():
    user_model = get_user_model()
    for model in admin.site._registry:
        if model._meta.app_label in ADMIN_APPS_ELSEWHERE:
            continue
        fields = model._meta.get_fields()
        if any(
            isinstance(f, models.FileField)
            or (isinstance(f, models.ForeignKey) and f.related_model is user_model)
            for f in fields
        ):
            yield model


def test_every_url_is_in_the_table():
    missing = sorted(
        f"{key} ({route})"
        for key, route in url_patterns()
        if not route.startswith("admin/") and key not in TABLE
    )
    assert not missing, (
        "URL patterns missing from the access matrix (tests/test_access_matrix.py): add each to TABLE "
        "with who may open it: " + ", ".join(missing)
    )
    stale = sorted(set(TABLE) - {key for key, _route in url_patterns()})
    assert not stale, f"TABLE names URLs that no longer exist: {stale}"
    unlisted = sorted(m._meta.label for m in personal_admin_models() if m not in ADMIN_TABLE)
    assert not unlisted, (
        "Admin pages of models with personal data (a user or a file) missing from ADMIN_TABLE in "
        f"tests/test_access_matrix.py: add them with who may open them: {unlisted}"
    )


# --- The data set ----------------------------------------------------------------------------------


class DataSet:
    pass


def build_data_set():
    d = DataSet()
    d.people = {
        "student": StudentFactory(),
        "other_student": StudentFactory(),
        "supervisor": SupervisorFactory(),
        "supervisor_of_none": SupervisorFactory(),
        "staff": StaffFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True, role="staff"),
    }
    # Two partner institutions, each with its coordinator; A nominates an incoming student.
    coordinator_a, d.institution_a, d.agreement_a = partner(seats=5)
    coordinator_b, _institution_b, agreement_b = partner(seats=5)
    d.people.update(coordinator_a=coordinator_a, coordinator_b=coordinator_b)
    d.agreement_a.signed_document.save("agreement-a.pdf", ContentFile(PDF_BYTES))
    student, other = d.people["student"], d.people["other_student"]
    staff, supervisor = d.people["staff"], d.people["supervisor"]

    # The student's outgoing application, submitted and accepted, in a call the supervisor supervises.
    d.call_out = CallFactory()
    d.call_out.supervisors.add(supervisor)
    requirement = DocumentRequirementFactory(call=d.call_out)
    d.app_out = ApplicationFactory(call=d.call_out, student=student, complete=True)
    d.doc_out = services.upload_document(d.app_out, requirement, pdf_file("passport.pdf"), by=student)
    Application.objects.filter(pk=d.app_out.pk).update(status=Status.ACCEPTED, submitted_at=timezone.now())
    d.app_out.refresh_from_db()
    d.letter = AcceptanceLetter.objects.create(application=d.app_out, reference="AL-1")
    d.letter.file.save("letter.pdf", ContentFile(PDF_BYTES))
    d.recommendation = Recommendation.objects.create(
        application=d.app_out, supervisor=supervisor, opinion="strong"
    )

    # A draft of the same student in another call of the same supervisor.
    call_draft = CallFactory()
    call_draft.supervisors.add(supervisor)
    d.requirement_draft = DocumentRequirementFactory(call=call_draft)
    d.app_draft = ApplicationFactory(call=call_draft, student=student)
    d.doc_draft = services.upload_document(d.app_draft, d.requirement_draft, pdf_file("id.pdf"), by=student)

    # The incoming application of the other student, nominated by coordinator A.
    d.call_in = incoming_call(agreements=[d.agreement_a, agreement_b])
    d.nomination = nominate(d.call_in, d.institution_a, coordinator_a, 1, email=other.email)
    d.app_in = services_nominations.claim(d.nomination, by=other)
    d.doc_in = services.upload_document(
        d.app_in, d.call_in.document_requirements.first(), pdf_file("transcript.pdf"), by=other
    )
    d.nomination_spare = nominate(d.call_in, d.institution_a, coordinator_a, 2)

    # The student's summer-school registration, paid, with its certificate.
    d.registration = RegistrationFactory(participant=student)
    d.payment = Payment.objects.create(
        registration=d.registration,
        amount=Decimal("100"),
        paid_on=timezone.localdate(),
        bank_reference="VIR-1",
        recorded_by=staff,
    )
    d.certificate = Certificate.objects.create(registration=d.registration)
    d.certificate.pdf.save("certificate.pdf", ContentFile(PDF_BYTES))
    d.run = CertificateRun.objects.create(offering=d.registration.offering, started_by=staff, total=1)
    d.bank_line = BankLine.objects.create(
        key="TX1#1",
        statement="nov.csv",
        booked_on=date(2026, 11, 20),
        amount=10,
        status="unmatched",
        imported_by=staff,
    )
    d.invoice = Invoice.objects.create(
        registration=d.registration,
        year=2026,
        sequence=1,
        issued_on=date(2026, 11, 1),
        amount=d.registration.fee,
        billing_name="Student",
        billing_address="1 Main Street",
        description="Summer school",
        payment_reference=d.registration.transfer_reference,
    )
    d.waiver_code = WaiverCode.objects.create(
        network=NetworkFactory(),
        issued_to="A network office",
        expires_on=date(2030, 1, 1),
        created_by=staff,
    )
    d.staff_file_token = signing.dumps(d.registration.cv.name, salt="core.private-file")
    d.file_access = FileAccess.objects.create(user=staff, user_email=staff.email, kind=FileKind.CV)
    # Fresh from the database, as the views load them (not the instances the services returned).
    d.doc_out, d.doc_draft, d.doc_in = (
        ApplicationDocument.objects.select_related("application").get(pk=doc.pk)
        for doc in (d.doc_out, d.doc_draft, d.doc_in)
    )
    _mobilities(d)
    d.project = Project.objects.create(
        acronym="IDEAL", slug="ideal", title="IDEAL", summary="s", start_year=2016, is_published=True
    )
    session = TrainingSession.objects.create(
        project=d.project,
        kind="advanced",
        title="Advanced session",
        starts_on=d.registration.offering.starts_on,
        ends_on=d.registration.offering.ends_on,
    )
    d.activity = project_services.open_registrations(
        session,
        by=staff,
        capacity=5,
        registration_opens=d.registration.offering.registration_opens,
        registration_closes=d.registration.offering.registration_closes,
    )
    return d


def _mobilities(d):
    """The student's confirmed outgoing mobility at institution A (coordinator A hosts, the
    supervisor's call), its learning agreement signed by all three, stay, files; and the other
    student's incoming mobility from institution A, its stay confirmed by staff."""
    student, staff, coordinator_a = d.people["student"], d.people["staff"], d.people["coordinator_a"]
    call = CallFactory(agreements=[d.agreement_a])
    call.supervisors.add(d.people["supervisor"])
    application = ApplicationFactory(call=call, student=student, complete=True)
    Application.objects.filter(pk=application.pk).update(
        status=Status.CONFIRMED, allocated_agreement=d.agreement_a
    )
    d.record_out = services_records.record_mobility(application)
    agreement = la_services.start_agreement(d.record_out, by=student)
    version = la_services.editable_version(agreement, by=student)
    rows = [{"table": t, "title": f"Course {t}", "semester": "S1", "ects": 30} for t in "AB"]
    la_services.save_draft(version, by=student, data={}, components=rows)
    la_services.submit(version, by=student)
    la_services.sign(version, by=staff)
    la_services.sign(version, by=coordinator_a)
    d.la_version = version
    today = timezone.localdate()
    la_period.record_attendance_certificate(
        d.record_out,
        by=staff,
        file=pdf_file("attendance.pdf"),
        arrival=today - timedelta(days=30),
        departure=today,
    )
    la_period.upload_transcript(d.record_out, by=student, file=pdf_file("tor.pdf"))
    d.record_in = services_records.record_mobility(d.app_in)
    la_period.confirm_arrival(d.record_in, by=staff, date=today - timedelta(days=30))
    la_period.confirm_departure(d.record_in, by=staff, date=today)


def outcome(response, admin_page=False):
    if response.status_code == 200:
        return OK
    if response.status_code in (403, 404):
        return HIDDEN
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        if "/login/" in location:
            return LOGIN
        if admin_page and location.split("?")[0] == reverse("admin:index"):
            return HIDDEN  # the admin's "…with ID … doesn't exist. Perhaps it was deleted?"
        return DONE
    return str(response.status_code)


def _login(client, person, people):
    client.logout()
    if person != "anonymous":
        client.force_login(people[person])


@pytest.fixture
def fast_receipts(monkeypatch):
    """The matrix checks who gets the receipt, not how it renders (tests/summerschool do that)."""
    monkeypatch.setattr("summerschool.services.receipt_pdf", lambda payment: PDF_BYTES)
    monkeypatch.setattr("learning.services.agreements.render_pdf", lambda *a: PDF_BYTES)
    monkeypatch.setattr("learning.services.period.render_pdf", lambda *a: PDF_BYTES)


@pytest.mark.django_db
def test_access_matrix(fast_receipts, django_capture_on_commit_callbacks):
    d = build_data_set()
    client = Client()
    requests = []
    for key, cases in TABLE.items():
        if isinstance(cases, tuple):
            continue
        for case in cases:
            kwargs = case.kwargs(d) if case.kwargs else {}
            requests.append((case.method == "post", key, reverse(key, kwargs=kwargs), case))
    for model, rows in ADMIN_TABLE.items():
        opts = model._meta
        for view, obj, allowed in rows:
            args = [obj(d).pk] if obj else []
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
            case = Case(allowed=frozenset(allowed), admin=True)
            requests.append((False, f"admin {opts.label} {view}", url, case))
    requests.sort(key=lambda r: r[0])  # every GET before the POSTs that change the data
    wrong = []
    for person in PEOPLE:
        _login(client, person, d.people)
        for is_post, key, url, case in requests:
            response = client.post(url, case.data) if is_post else client.get(url)
            got, expected = outcome(response, case.admin), case.expected(person)
            if got != expected:
                wrong.append(
                    f"{person:>18} {'POST' if is_post else 'GET '} {url} ({key}): {got}, expected {expected}"
                )
    assert not wrong, "Access matrix broken:\n" + "\n".join(wrong)
    # The owner's cancel went through; nobody else's did (supervisors used to cancel registrations).
    assert Registration.objects.get(pk=d.registration.pk).state == "cancelled"
    assert d.registration.transitions.filter(to_state="cancelled").get().actor == d.people["student"]


@pytest.mark.django_db
def test_each_rule_and_its_queryset_agree():
    """For every person and object, `has_perm` on the object and the rule's queryset say the same."""
    d = build_data_set()
    checks = [
        (
            "mobility.view_application",
            mobility_rules.applications_visible_to,
            [d.app_out, d.app_draft, d.app_in],
        ),
        (
            "mobility.view_applicationdocument",
            mobility_rules.documents_visible_to,
            [d.doc_out, d.doc_draft, d.doc_in],
        ),
        ("mobility.view_acceptanceletter", mobility_rules.letters_visible_to, [d.letter]),
        (
            "mobility.view_nomination",
            mobility_rules.nominations_visible_to,
            [d.nomination, d.nomination_spare],
        ),
        ("summerschool.view_registration", summerschool_rules.registrations_visible_to, [d.registration]),
        ("partners.view_agreement_document", partners_rules.agreement_documents_visible_to, [d.agreement_a]),
        ("learning.view_mobility", learning_rules.mobilities_visible_to, [d.record_out, d.record_in]),
    ]
    people = {**d.people, "anonymous": AnonymousUser()}
    disagree = []
    for name, visible_to, objects in checks:
        for person, user in people.items():
            visible = set(visible_to(user).values_list("pk", flat=True))
            for obj in objects:
                # rules.has_perm: the rule itself, without Django's superuser shortcut.
                if rules.has_perm(name, user, obj) != (obj.pk in visible):
                    disagree.append(f"{name} {person} {obj!r}")
    assert not disagree, "Predicate and queryset disagree: " + ", ".join(disagree)
