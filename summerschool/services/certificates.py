"""Attendance, completion, and the certificates produced in the background for those who completed."""

import base64
import io
from datetime import timedelta

import segno
from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.emails import send_templated_email
from core.pdf import render_pdf
from core.tasks import enqueue_on_commit

from ..models import (
    MACHINE,
    Certificate,
    CertificateRun,
    CertificateRunItem,
    Registration,
    RegistrationTransition,
    State,
)
from .common import (
    RegistrationError,
    _lock_registration,
    _move,
    _notify,
    participant_language,
)

CERTIFICATE_TASK = "summerschool.issue_certificate"


def _certificate_task():
    """The Celery task issuing a certificate (tasks.py wraps this module), by name: no import cycle."""
    return current_app.tasks[CERTIFICATE_TASK]


# A certificate still missing this long after it was (re)dispatched was lost with its task (a
# killed worker, a Redis restart): the sweep dispatches it again. Longer than a task's retries.
CERTIFICATE_SWEEP_AFTER = timedelta(minutes=10)


def mark_attendance(registrations, *, attended, by):
    ids = [r.pk for r in registrations]
    return Registration.objects.filter(pk__in=ids).holding_seats().update(attended=attended)


def mark_completed(registrations, *, by, now=None):
    """Mark confirmed participants completed; their certificates are produced in the background.

    All or nothing: a registration whose offering has not reached its last day is refused (a
    certificate for a school that has not happened would verify as genuine).

    Returns the certificate runs (one per offering) whose progress the staff member can follow.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = [r.pk for r in registrations]
    by_offering = {}
    with transaction.atomic():
        # In bulk, a constant number of queries whatever the number of participants (issue 19: one
        # lock, one UPDATE and one history row per registration made 1,501 queries for 500, in a
        # transaction the certificate tasks had to wait for). The rows are locked, the moves checked
        # against the machine (`completable`), then one UPDATE and one INSERT of the history rows.
        locked = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .completable()
            .select_related("offering")
            .order_by("pk")
        )
        if not locked:
            return []
        for registration in locked:
            if not registration.offering.has_reached_last_day(today):
                raise RegistrationError(
                    _(
                        "Nobody was marked completed: “%(title)s” ends on %(day)s. Participants can be "
                        "marked completed, and get their certificate, from its last day on."
                    )
                    % {
                        "title": registration.offering.title,
                        "day": date_format(registration.offering.ends_on),
                    }
                )
        Registration.objects.filter(pk__in=[r.pk for r in locked]).update(
            state=State.COMPLETED, attended=True, updated=now
        )
        RegistrationTransition.objects.bulk_create(
            RegistrationTransition(
                registration=r, from_state=r.state, to_state=State.COMPLETED, actor=by, at=now
            )
            for r in locked
        )
        for registration in locked:
            by_offering.setdefault(registration.offering, []).append(registration.pk)
        runs = [_start_run(offering, pks, by=by) for offering, pks in by_offering.items()]
    return runs


def mark_not_completed(registrations, *, by, comment=""):
    moved = 0
    with transaction.atomic():
        for registration in registrations:
            registration = _lock_registration(registration.pk)
            if MACHINE.can(registration.state, State.NOT_COMPLETED):
                _move(registration, State.NOT_COMPLETED, by=by, comment=comment)
                _notify(registration)
                moved += 1
    return moved


def start_certificate_run(offering, *, by):
    """(Re)issue the certificates of everybody who completed `offering`; existing codes never change."""
    with transaction.atomic():
        ids = list(
            Registration.objects.filter(offering=offering, state=State.COMPLETED).values_list("pk", flat=True)
        )
        return _start_run(offering, ids, by=by)


def _start_run(offering, registration_ids, *, by, now=None):
    now = now or timezone.now()
    run = CertificateRun.objects.create(offering=offering, started_by=by, total=len(registration_ids))
    CertificateRunItem.objects.bulk_create(
        CertificateRunItem(run=run, registration_id=pk, dispatched_at=now) for pk in registration_ids
    )
    if not registration_ids:
        run.finished_at = now
        run.save(update_fields=["finished_at"])
    for pk in registration_ids:
        enqueue_on_commit(_certificate_task(), pk, run.pk)
    return run


def refresh_run_progress(run_id, *, now=None):
    """Recount a run's progress from its items and finish it once every item is settled.

    Counted, never incremented: a task delivered twice (Redis redelivering a killed worker's
    task an hour later) changes nothing. The run row is locked so that two tasks finishing at
    once cannot write stale counts over each other.
    """
    now = now or timezone.now()
    with transaction.atomic():
        run = CertificateRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        counts = run.items.aggregate(
            done=Count("pk", filter=Q(done_at__isnull=False)),
            failed=Count("pk", filter=Q(done_at__isnull=True, failed_at__isnull=False)),
        )
        run.done, run.failed = counts["done"], counts["failed"]
        if run.finished_at is None and run.done + run.failed >= run.total:
            run.finished_at = now
        run.save(update_fields=["done", "failed", "finished_at"])
    return run


def record_certificate_failure(*, registration_id, run_id=None, error="", now=None):
    """The last retry failed: the run counts this participant as failed (and can finish)."""
    now = now or timezone.now()
    if run_id is None:
        return None
    with transaction.atomic():
        CertificateRunItem.objects.filter(
            run_id=run_id, registration_id=registration_id, done_at=None
        ).update(failed_at=now, error=str(error)[:2000])
        return refresh_run_progress(run_id, now=now)


def sweep_certificates(*, now=None, after=CERTIFICATE_SWEEP_AFTER):
    """Dispatch again the certificates that should exist but do not; return how many.

    Two cases: an item of an unfinished run still pending `after` its last dispatch (its task
    was lost), and a completed registration with no emailed certificate and no run at all (a new
    run is started for it, shown to staff like any other). Idempotent: `issue_certificate` locks
    the registration and produces one certificate and one email whatever the deliveries.
    Failed items are left to staff (running the batch again retries them).
    """
    now = now or timezone.now()
    cutoff = now - after
    dispatched = 0
    with transaction.atomic():
        lost = (
            CertificateRunItem.objects.select_for_update(skip_locked=True)
            .filter(run__finished_at=None, done_at=None, failed_at=None, dispatched_at__lte=cutoff)
            .order_by("pk")
        )
        for item in lost:
            item.dispatched_at = now
            item.save(update_fields=["dispatched_at"])
            enqueue_on_commit(_certificate_task(), item.registration_id, item.run_id)
            dispatched += 1
        orphans = (
            Registration.objects.filter(
                state=State.COMPLETED,
                transitions__to_state=State.COMPLETED,
                transitions__at__lte=cutoff,
                certificate_run_items=None,
            )
            .exclude(certificate__emailed_at__isnull=False)
            .select_related("offering")
            .distinct()
            .order_by("offering_id", "pk")
        )
        by_offering = {}
        for registration in orphans:
            by_offering.setdefault(registration.offering, []).append(registration.pk)
        for offering, ids in by_offering.items():
            _start_run(offering, ids, by=None, now=now)
            dispatched += len(ids)
    return dispatched


def certificate_qr(url):
    """The QR code printed on certificates (the tests rebuild it to check what a PDF encodes)."""
    return segno.make(url, error="m", micro=False)


def qr_png_data_uri(url, scale=4):
    buffer = io.BytesIO()
    certificate_qr(url).save(buffer, kind="png", scale=scale, border=0)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def certificate_context(certificate):
    registration = certificate.registration
    return {
        "certificate": certificate,
        "registration": registration,
        "participant": registration.participant,
        "offering": registration.offering,
        "qr": qr_png_data_uri(certificate.verify_url),
    }


def certificate_templates(offering):
    """A kind of offering may bring its own certificate layout; the summer school one is the default."""
    return [f"summerschool/pdf/certificate_{offering.kind}.html", "summerschool/pdf/certificate.html"]


def render_certificate(certificate):
    registration = certificate.registration
    with translation.override(participant_language(registration)):
        return render_pdf(certificate_templates(registration.offering), certificate_context(certificate))


def issue_certificate(registration_id, *, now=None, run_id=None):
    """Produce (once) the certificate of a completed registration, store its PDF and email it.

    Running it again for the same registration reuses the same certificate and code: the
    registration is unique on the certificate and `get_or_create` takes the existing row.
    With `run_id`, the run's item is marked done in the same transaction (its progress is
    recounted). Raises core.pdf.PDFError when the PDF cannot be rendered (nothing is saved).
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = _lock_registration(registration_id)
        if not registration.is_completed:
            raise RegistrationError(_("Only a completed registration gets a certificate."))
        certificate, _created = Certificate.objects.get_or_create(
            registration=registration, defaults={"issued_at": _completed_at(registration) or now}
        )
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        certificate.registration = registration
        pdf = None
        if not certificate.pdf:
            pdf = render_certificate(certificate)
            certificate.pdf.save("certificate.pdf", ContentFile(pdf), save=True)
        if certificate.emailed_at is None:
            pdf = pdf if pdf is not None else certificate.pdf.read()
            send_templated_email(
                registration.participant,
                "summerschool/email/certificate",
                {"registration": registration, "offering": registration.offering, "certificate": certificate},
                attachments=[(certificate_filename(certificate), pdf, "application/pdf")],
            )
            certificate.emailed_at = now
            certificate.save(update_fields=["emailed_at"])
        if run_id is not None:
            CertificateRunItem.objects.filter(run_id=run_id, registration=registration, done_at=None).update(
                done_at=now
            )
            refresh_run_progress(run_id, now=now)
    return certificate


def _completed_at(registration):
    """When the registration was marked completed: the date the certificate states."""
    move = registration.transitions.filter(to_state=State.COMPLETED).order_by("-at").first()
    return move.at if move else None


def certificate_filename(certificate):
    return f"certificate-{certificate.registration.offering.slug}.pdf"
