"""Retention, a person's own copy and erasure: every change privacy makes goes through here."""

import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext as _

from core.content import html_message, marked
from core.emails import send_templated_email
from core.tasks import enqueue_on_commit

from . import anonymise
from .conf import period
from .models import (
    AccountingRecord,
    DataRequest,
    InactivityWarning,
    LegalHold,
    RequestKind,
    RequestStatus,
    RetentionRun,
)

logger = logging.getLogger(__name__)

# The categories of a retention run, in the order they are applied (RetentionRun.counts' keys).
CATEGORIES = (
    "closed_applications",
    "closed_nominations",
    "mobility_documents",
    "mobility_records",
    "summer_school_cvs",
    "payments",
    "inactive_accounts_warned",
    "inactive_accounts_deleted",
    "emails",
    "file_access",
    "data_copies",
)


class ErasureBlocked(Exception):
    def __init__(self, reasons):
        self.reasons = reasons
        super().__init__("; ".join(strip_tags(r) for r in reasons))


# --- Legal holds ----------------------------------------------------------------------------------


def held_user_ids():
    return set(
        LegalHold.objects.filter(lifted_at__isnull=True, user__isnull=False).values_list("user_id", flat=True)
    )


def held_application_ids():
    from mobility.models import Application

    direct = set(
        LegalHold.objects.filter(lifted_at__isnull=True, application__isnull=False).values_list(
            "application_id", flat=True
        )
    )
    users = held_user_ids()
    return direct | set(Application.objects.filter(student_id__in=users).values_list("pk", flat=True))


def lift_hold(hold, now=None):
    LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(lifted_at=now or timezone.now())


# --- The retention sweep --------------------------------------------------------------------------


def _months_ago(now, months):
    return now - relativedelta(months=months)


def apply_retention(now=None, dry_run=False, trigger="beat"):
    """Apply every retention period as of `now`; a second run at the same instant changes nothing.

    Returns the RetentionRun (saved, dry run included: the office sees what a run would do).
    """
    now = now or timezone.now()
    run = RetentionRun(as_of=now, dry_run=dry_run, trigger=trigger[:30], started_at=timezone.now())
    counts = {}
    held_users, held_apps = held_user_ids(), held_application_ids()
    steps = [
        ("closed_applications", _closed_applications),
        ("closed_nominations", _closed_nominations),
        ("mobility_documents", _mobility_documents),
        ("mobility_records", _mobility_records),
        ("summer_school_cvs", _summer_school_cvs),
        ("payments", _payments),
        ("inactive_accounts", _inactive_accounts),
        ("emails", _emails),
        ("file_access", _file_access),
        ("data_copies", _data_copies),
    ]
    for name, step in steps:
        with transaction.atomic():
            result = step(now, dry_run, held_users, held_apps)
            if dry_run:
                transaction.set_rollback(True)
        if isinstance(result, dict):
            counts.update(result)
        else:
            counts[name] = result
    run.counts = counts
    run.finished_at = timezone.now()
    run.save()
    logger.info("Retention %s as of %s: %s", "dry run" if dry_run else "run", now.isoformat(), counts)
    return run


def _closed_application_queryset(now):
    """Rejected and withdrawn applications decided before the period, and drafts left since then."""
    from mobility.models import Application, Status

    cutoff = _months_ago(now, period("closed_application_months"))
    closed = Application.objects.filter(status__in=[Status.REJECTED, Status.WITHDRAWN]).annotate(
        closed_at=Coalesce(
            Max("transitions__at", filter=Q(transitions__to_state=F("status"))), "decided_at", "updated"
        )
    )
    ids = set(closed.filter(closed_at__lt=cutoff).values_list("pk", flat=True))
    ids |= set(
        Application.objects.filter(status=Status.DRAFT, call__documents_deadline__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    return Application.objects.filter(pk__in=ids)


def _clear_applications(applications, dry_run):
    """Clear the applications among `applications` that still hold personal details; how many."""
    todo = list(applications.filter(anonymise.application_details_filter()).distinct())
    if not dry_run:
        for application in todo:
            anonymise.clear_application(application)
    return len(todo)


def _closed_applications(now, dry_run, held_users, held_apps):
    return _clear_applications(_closed_application_queryset(now).exclude(pk__in=held_apps), dry_run)


def _closed_nominations(now, dry_run, held_users, held_apps):
    """Nominations that ended (withdrawn, declined, refused): the nominee's name and address go."""
    from mobility.models import Nomination, NominationStatus

    cutoff = _months_ago(now, period("closed_application_months"))
    qs = (
        Nomination.objects.filter(
            status__in=[NominationStatus.WITHDRAWN, NominationStatus.DECLINED, NominationStatus.REFUSED]
        )
        .annotate(ended_at=Coalesce(Max("transitions__at"), "created"))
        .filter(ended_at__lt=cutoff)
        .exclude(first_name=anonymise.ERASED)
        .exclude(student_id__in=held_users)
        .exclude(application_id__in=held_apps)
    )
    todo = list(qs)
    if not dry_run:
        for nomination in todo:
            anonymise.anonymise_nomination(nomination)
    return len(todo)


def _mobility_end_queryset(now):
    """Confirmed or completed applications whose mobility ended before the period."""
    from mobility.models import Application, Status

    cutoff = (now - relativedelta(months=period("completed_mobility_months"))).date()
    return (
        Application.objects.filter(status__in=[Status.CONFIRMED, Status.COMPLETED])
        .annotate(ends=Coalesce("mobility_record__end_date", "acceptance_letter__end_date"))
        .filter(ends__lt=cutoff)
    )


def _mobility_documents(now, dry_run, held_users, held_apps):
    return _clear_applications(_mobility_end_queryset(now).exclude(pk__in=held_apps), dry_run)


def _mobility_records(now, dry_run, held_users, held_apps):
    from mobility.models import MobilityRecord

    cutoff = (now - relativedelta(months=period("completed_mobility_months"))).date()
    qs = (
        MobilityRecord.objects.filter(end_date__lt=cutoff)
        .exclude(student_name=anonymise.ERASED)
        .exclude(application_id__in=held_apps)
    )
    return qs.count() if dry_run else anonymise.anonymise_mobility_records(qs)


def _summer_school_cvs(now, dry_run, held_users, held_apps):
    from summerschool.models import Payment, Registration

    cutoff = (now - relativedelta(months=period("summer_school_cv_months"))).date()
    paid = Exists(Payment.objects.filter(registration=OuterRef("pk")))
    qs = (
        Registration.objects.filter(offering__ends_on__lt=cutoff)
        .exclude(participant_id__in=held_users)
        .annotate(paid=paid)
        .filter(~Q(cv="") | ~Q(motivation="") | (Q(paid=False) & ~Q(address="")))
    )
    todo = list(qs)
    if not dry_run:
        for registration in todo:
            anonymise.clear_registration(registration, address=not registration.paid)
    return len(todo)


def _payments(now, dry_run, held_users, held_apps):
    """After 10 years: the accounting copies go, and the receipts' address with them."""
    from summerschool.models import Payment, Registration

    cutoff = (now - relativedelta(years=period("payment_years"))).date()
    records = AccountingRecord.objects.filter(paid_on__lt=cutoff)
    recent = Payment.objects.filter(registration=OuterRef("pk"), paid_on__gte=cutoff)
    registrations = (
        Registration.objects.filter(payments__paid_on__lt=cutoff)
        .exclude(Exists(recent))
        .exclude(participant_id__in=held_users)
        .exclude(address="")
        .distinct()
    )
    count = records.count() + registrations.count()
    if not dry_run:
        records.delete()
        Registration.objects.filter(pk__in=list(registrations.values_list("pk", flat=True))).update(
            address=""
        )
    return count


def _inactive_accounts(now, dry_run, held_users, held_apps):
    """Warn accounts nobody used for 3 years; delete them a month after the warning."""
    User = get_user_model()
    cutoff = now - relativedelta(years=period("inactive_account_years"))
    grace = timedelta(days=period("inactive_account_warning_days"))
    inactive = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
        .exclude(pk__in=held_users)
    )
    if not dry_run:  # they came back: the warning no longer applies
        InactivityWarning.objects.exclude(user__in=inactive).delete()
    warned = dict(InactivityWarning.objects.filter(user__in=inactive).values_list("user_id", "warned_at"))
    to_warn = [u for u in inactive if u.pk not in warned]
    to_delete = [u for u in inactive if u.pk in warned and warned[u.pk] <= now - grace]
    deleted = 0
    for user in to_warn:
        if not dry_run:
            InactivityWarning.objects.create(user=user, warned_at=now)
            send_templated_email(
                user,
                "privacy/email/inactive_warning",
                {"user": user, "deadline": now + grace, "years": period("inactive_account_years")},
            )
    for user in to_delete:
        if erasure_blockers(user, now=now):
            continue  # something ongoing: the account is in use after all
        deleted += 1
        if not dry_run:
            close_account(user, now=now, erasure=False)
    return {"inactive_accounts_warned": len(to_warn), "inactive_accounts_deleted": deleted}


def _emails(now, dry_run, held_users, held_apps):
    from post_office.models import STATUS, Email

    cutoff = _months_ago(now, period("email_months"))
    qs = Email.objects.filter(created__lt=cutoff).exclude(status=STATUS.queued)
    return qs.count() if dry_run else anonymise.delete_emails(qs)


def _file_access(now, dry_run, held_users, held_apps):
    from core.models import FileAccess

    cutoff = _months_ago(now, period("file_access_months"))
    qs = FileAccess.objects.filter(at__lt=cutoff).exclude(owner_id__in=held_users)
    return qs.count() if dry_run else qs.delete()[0]


def _data_copies(now, dry_run, held_users, held_apps):
    """Copies whose link expired or was used: the ZIP is deleted."""
    qs = DataRequest.objects.filter(kind=RequestKind.COPY).exclude(file="")
    todo = [r for r in qs if not r.link_works(now)]
    if not dry_run:
        for request in todo:
            anonymise.delete_file(request.file)
            status = RequestStatus.EXPIRED if request.status == RequestStatus.READY else request.status
            DataRequest.objects.filter(pk=request.pk).update(file="", status=status)
    return len(todo)


# --- Closing an account (inactivity, erasure) -----------------------------------------------------


def _call(call):
    """The call as its `str` names it, “Title (2026–27)”, the title marked when it is the English."""
    return format_html("{} ({})", marked(call, "title"), call.academic_year_label)


def erasure_blockers(user, now=None):
    """What stops the person's data being erased now, in words they understand (empty: nothing), as
    HTML (an English title on a French page is marked lang="en")."""
    from mobility.models import ACTIVE_NOMINATION_STATES, Application, Nomination, Status
    from summerschool.models import ACTIVE_STATES, Registration

    now = now or timezone.now()
    today = timezone.localdate(now)
    reasons = []
    if (
        LegalHold.objects.filter(lifted_at__isnull=True, user=user).exists()
        or LegalHold.objects.filter(lifted_at__isnull=True, application__student=user).exists()
    ):
        reasons.append(
            _("The office has suspended the deletion of your data (a legal hold, e.g. a pending appeal).")
        )
    for application in Application.objects.filter(
        student=user, status__in=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.WAITLISTED]
    ).select_related("call"):
        reasons.append(
            html_message(
                _(
                    "Your application to “%(call)s” is being processed: withdraw it first or wait for the decision."
                ),
                call=_call(application.call),
            )
        )
    ongoing = (
        Application.objects.filter(student=user, status__in=[Status.CONFIRMED, Status.COMPLETED])
        .annotate(ends=Coalesce("mobility_record__end_date", "acceptance_letter__end_date"))
        .filter(Q(ends__gte=today) | Q(ends__isnull=True, status=Status.CONFIRMED))
        .select_related("call")
    )
    for application in ongoing:
        reasons.append(
            html_message(
                _("Your mobility “%(call)s” is not over: its documents are needed until it ends."),
                call=_call(application.call),
            )
        )
    if Nomination.objects.filter(
        Q(student=user) | Q(email__iexact=user.email), status__in=ACTIVE_NOMINATION_STATES
    ).exists():
        reasons.append(_("You are nominated for an exchange that is still open."))
    for registration in Registration.objects.filter(
        participant=user, state__in=ACTIVE_STATES, offering__ends_on__gte=today
    ).select_related("offering"):
        reasons.append(
            html_message(
                _(
                    "Your registration for “%(school)s” is still open: cancel it first or wait until the school ends."
                ),
                school=marked(registration.offering, "title"),
            )
        )
    return reasons


def erasure_keeps(user, now=None):
    """What erasure keeps, and why (shown to the person and to staff before they confirm)."""
    from mobility.models import MobilityRecord
    from summerschool.models import Certificate, Payment

    now = now or timezone.now()
    keeps = []
    cutoff = (now - relativedelta(years=period("payment_years"))).date()
    payments = Payment.objects.filter(registration__participant=user, paid_on__gte=cutoff)
    if payments.exists():
        last = max(p.paid_on for p in payments)
        keeps.append(
            _(
                "Your %(n)s payment(s) and the name and address printed on their receipts are kept until "
                "%(year)s: public accounting rules require 10 years. Nothing else of your account is."
            )
            % {"n": payments.count(), "year": last.year + period("payment_years")}
        )
    if MobilityRecord.objects.filter(application__student=user).exists():
        keeps.append(
            _(
                "Your mobility records stay in the office's statistics (programme, partner, country, "
                "year, dates) without your name."
            )
        )
    if Certificate.objects.filter(registration__participant=user).exists():
        keeps.append(
            _("Your certificates will be deleted: their verification codes will no longer show your name.")
        )
    return keeps


def close_account(user, *, now=None, erasure=True):
    """Delete or anonymise everything of `user`; the same steps for erasure and for inactivity.

    Erasure leaves no personal field of the person anywhere: files deleted from storage, their
    applications, nominations, registrations, mobility records, download trail, status histories
    and outbox anonymised or deleted. What accounting needs of their payments is copied to an
    AccountingRecord (kept 10 years). An inactive account keeps its certificates and the name they
    show (erasure=False): their public verification serves the holder's career.
    """
    from allauth.account.models import EmailAddress

    from core.models import FileAccess
    from mobility.models import Application, MobilityRecord, Nomination
    from summerschool.models import Certificate, Payment, Registration

    now = now or timezone.now()
    User = get_user_model()
    user = User.objects.get(pk=user.pk)
    email = user.email
    given = [
        *Application.objects.filter(student=user).values_list("first_name", "last_name"),
        *Nomination.objects.filter(Q(student=user) | Q(email__iexact=email)).values_list(
            "first_name", "last_name"
        ),
    ]
    extra = [n for pair in given for n in (*pair, " ".join(pair))]
    needles = anonymise.person_needles(user, extra_names=[n for n in extra if n != anonymise.ERASED])
    keep_certificates = not erasure and Certificate.objects.filter(registration__participant=user).exists()
    placeholder = anonymise.placeholder_email(user.pk)

    with transaction.atomic():
        applications = list(Application.objects.filter(student=user))
        for application in applications:
            anonymise.clear_application(application, names=True)
        anonymise.anonymise_mobility_records(MobilityRecord.objects.filter(application__in=applications))
        for nomination in Nomination.objects.filter(Q(student=user) | Q(email__iexact=email)):
            anonymise.anonymise_nomination(nomination)

        payment_cutoff = (now - relativedelta(years=period("payment_years"))).date()
        for payment in Payment.objects.filter(
            registration__participant=user, paid_on__gte=payment_cutoff
        ).select_related("registration"):
            AccountingRecord.objects.get_or_create(
                payment=payment,
                defaults={
                    "payer_name": user.get_full_name() or email,
                    "payer_address": payment.registration.address,
                    "paid_on": payment.paid_on,
                    "recorded_at": now,
                },
            )
        for registration in Registration.objects.filter(participant=user):
            anonymise.clear_registration(registration, address=True)
            Registration.objects.filter(pk=registration.pk).update(institution_name="")
        if not keep_certificates:
            for certificate in Certificate.objects.filter(registration__participant=user):
                anonymise.delete_file(certificate.pdf)
            Certificate.objects.filter(registration__participant=user).update(pdf="")

        FileAccess.objects.filter(Q(owner=user) | Q(owner_email__iexact=email)).update(
            owner_email=placeholder, file_name=""
        )
        FileAccess.objects.filter(Q(user=user) | Q(user_email__iexact=email)).update(user_email=placeholder)
        anonymise.scrub_transitions(needles)
        anonymise.delete_emails(anonymise.emails_to(email))

        for request in DataRequest.objects.filter(account_id=user.pk).exclude(file=""):
            anonymise.delete_file(request.file)
        DataRequest.objects.filter(account_id=user.pk).update(file="")
        InactivityWarning.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _delete_second_factors(user)
        user.coordinated_institutions.clear()

        deleted = False
        try:
            with transaction.atomic():
                user.delete()
                deleted = True
        except ProtectedError:
            pass
        if not deleted:
            fields = {"email": placeholder, "is_active": False, "password": "!", "last_login": None}
            if not keep_certificates:
                fields.update(first_name="", last_name="")
            User.objects.filter(pk=user.pk).update(**fields)
    return deleted


def _delete_second_factors(user):
    try:
        from allauth.mfa.models import Authenticator
    except ImportError:  # pragma: no cover - mfa is installed
        return
    Authenticator.objects.filter(user=user).delete()


# --- Requests from the person ---------------------------------------------------------------------


def request_copy(user, now=None):
    """Record the request and build the copy in the background (once per pending request)."""
    from . import tasks

    now = now or timezone.now()
    with transaction.atomic():
        request, created = DataRequest.objects.get_or_create(
            account_id=user.pk,
            kind=RequestKind.COPY,
            status=RequestStatus.PENDING,
            defaults={"user": user, "requested_at": now},
        )
        if created:
            enqueue_on_commit(tasks.build_copy_task, request.pk)
    return request


def build_copy(request_id, now=None):
    """Write the ZIP of a pending copy request, open the link for a limited time, email the person."""
    from django.core.files.base import ContentFile

    from .export import build_zip

    now = now or timezone.now()
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or request.status != RequestStatus.PENDING or request.user is None:
            return None
        content = build_zip(request.user, now=now)
        request.file.save("copy.zip", ContentFile(content), save=False)
        request.status = RequestStatus.READY
        request.ready_at = now
        request.expires_at = now + timedelta(days=period("data_copy_days"))
        request.save()
        send_templated_email(
            request.user,
            "privacy/email/copy_ready",
            {"request": request, "days": period("data_copy_days")},
        )
    return request


def use_copy_link(request, user, now=None):
    """Mark the copy downloaded if `user` may download it now; the caller streams then deletes it."""
    now = now or timezone.now()
    updated = DataRequest.objects.filter(
        pk=request.pk, user=user, status=RequestStatus.READY, expires_at__gt=now
    ).update(status=RequestStatus.DOWNLOADED, downloaded_at=now)
    return bool(updated)


def request_erasure(user, now=None):
    now = now or timezone.now()
    request, _created = DataRequest.objects.get_or_create(
        account_id=user.pk,
        kind=RequestKind.ERASURE,
        status=RequestStatus.PENDING,
        defaults={"user": user, "requested_at": now},
    )
    return request


def confirm_erasure(request, staff, now=None):
    """Staff confirm: erase, or raise ErasureBlocked with the reasons (nothing changes then)."""
    now = now or timezone.now()
    if request.kind != RequestKind.ERASURE or request.status != RequestStatus.PENDING or request.user is None:
        raise ErasureBlocked([_("This request is not waiting for a decision.")])
    reasons = erasure_blockers(request.user, now=now)
    if reasons:
        raise ErasureBlocked(reasons)
    with transaction.atomic():
        close_account(request.user, now=now, erasure=True)
        DataRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.DONE, handled_by=staff, handled_at=now, user=None
        )
    return True


def refuse_request(request, staff, note, now=None):
    DataRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.REFUSED, handled_by=staff, handled_at=now or timezone.now(), note=note[:500]
    )
