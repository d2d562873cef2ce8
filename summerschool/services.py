"""Every state change of registrations, payments and certificates (views, admin and tasks call these).

Seats: the offering's row is locked (`select_for_update`) by every operation that takes or frees a
seat, so counting the seats held and taking one are a single step even under concurrent requests.
"""

import base64
import io
from datetime import timedelta

import segno
from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.emails import queue_messages, render_templated_email, send_templated_email
from core.errors import ServiceError
from core.pdf import render_pdf
from core.tasks import enqueue_on_commit
from partners.models import Institution

from . import selectors, statements
from .models import (
    MACHINE,
    SEAT_STATES,
    BankLine,
    BankLineStatus,
    Certificate,
    CertificateRun,
    CertificateRunItem,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    Offering,
    Payment,
    Registration,
    RegistrationTransition,
    State,
    WaiverCode,
    WaiverProof,
    registration_id_of_reference,
)

CERTIFICATE_TASK = "summerschool.issue_certificate"


def _certificate_task():
    """The Celery task issuing a certificate (tasks.py wraps this module), by name: no import cycle."""
    return current_app.tasks[CERTIFICATE_TASK]


# A certificate still missing this long after it was (re)dispatched was lost with its task (a
# killed worker, a Redis restart): the sweep dispatches it again. Longer than a task's retries.
CERTIFICATE_SWEEP_AFTER = timedelta(minutes=10)


class RegistrationError(ServiceError):
    """A refusal a participant or staff member can read."""


# --- Moves ---------------------------------------------------------------------------------


# What a move may change besides the state (saved in the same UPDATE).
_MOVE_FIELDS = ("offer_expires_at", "payment_due", "attended")


def _move(registration, to_state, *, by=None, comment="", at=None):
    RegistrationTransition.move(
        registration, to_state, by=by, comment=comment, at=at, update_fields=_MOVE_FIELDS
    )


def _notify(registration, template="status", **extra):
    send_templated_email(
        registration.participant,
        f"summerschool/email/{template}",
        {"registration": registration, "offering": registration.offering, **extra},
    )


def _lock_offering(offering_id):
    return Offering.objects.select_for_update().get(pk=offering_id)


def _lock_registration(registration_id):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("offering", "participant")
        .get(pk=registration_id)
    )


def _seats_left(offering):
    return offering.capacity - offering.registrations.holding_seats().count()


def _grant_seat(registration, *, by=None, now=None, comment=""):
    """Give the registration its seat: confirmed at once when nothing is due, else awaiting payment."""
    now = now or timezone.now()
    registration.offer_expires_at = None
    if registration.fee <= 0:
        _move(
            registration,
            State.CONFIRMED,
            by=by,
            comment=comment or _("No fee due: confirmed without payment."),
        )
    else:
        due = timezone.localdate(now) + timedelta(days=registration.offering.payment_days)
        registration.payment_due = min(due, registration.offering.starts_on)
        _move(registration, State.ACCEPTED, by=by, comment=comment)
        _issue_invoice(registration, now=now)
    _notify(registration)


def _fill_free_seats(offering, now):
    """Offer every free seat to the first people on the waiting list (offering row already locked)."""
    return _fill_free_seats_of([offering], now)


def offer_free_seats(offering, *, now=None):
    """After staff add seats: offer them to the waiting list, first come first served."""
    now = now or timezone.now()
    with transaction.atomic():
        return _fill_free_seats(_lock_offering(offering.pk), now)


# --- Registration --------------------------------------------------------------------------


def _known_institution(name):
    """A typed name that is exactly a known institution's (in English or its own language) is it:
    its members keep their fee waiver even when they did not find it in the list."""
    name = " ".join(name.split())
    if not name:
        return None
    return (
        Institution.objects.filter(Q(name__iexact=name) | Q(local_name__iexact=name)).order_by("pk").first()
    )


def register(offering, participant, *, data, cv, now=None):
    """Register `participant`; they get a seat if one is left, else a place on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        offering = _lock_offering(offering.pk)
        if not offering.is_published or not offering.registration_is_open(now):
            raise RegistrationError(
                _("Registration for “%(title)s” is not open.") % {"title": offering.title}
            )
        if Registration.objects.filter(offering=offering, participant=participant).active().exists():
            raise RegistrationError(
                _("You are already registered for “%(title)s”.") % {"title": offering.title}
            )
        institution = data.get("institution") or _known_institution(data.get("institution_name", ""))
        code = _lock_code(data.get("waiver_code"), offering)
        fee, network, proof, pending = selectors.fee_for(
            offering, institution, participant=participant, code=code
        )
        registration = Registration(
            offering=offering,
            participant=participant,
            institution=institution,
            institution_name="" if institution else data.get("institution_name", "").strip(),
            field_of_study=data["field_of_study"],
            level_of_study=data["level_of_study"],
            motivation=data["motivation"],
            address=data["address"],
            fee=fee,
            fee_waived_by=network,
            waiver_proof=proof,
            waiver_code=code if proof == WaiverProof.CODE else None,
            waiver_pending_for=pending,
            queued_at=now,
        )
        registration.cv.save("cv.pdf", cv, save=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            registration.cv.delete(save=False)
            raise RegistrationError(
                _("You are already registered for “%(title)s”.") % {"title": offering.title}
            ) from exc
        RegistrationTransition.record(registration, "", State.SUBMITTED, by=participant)
        if _seats_left(offering) > 0:
            _grant_seat(registration, now=now)
        else:
            _move(registration, State.WAITLISTED, comment=_("All seats are taken."))
            _notify(registration)
    return registration


def _lock_code(code, offering):
    """The waiver code row locked (two participants using its last use at once: one gets it), or
    a refusal naming why it cannot be used."""
    if code is None:
        return None
    code = WaiverCode.objects.select_for_update().select_related("network").get(pk=code.pk)
    refusal = code.refusal_for(offering)
    if refusal:
        raise RegistrationError(refusal)
    return code


def prove_waiver(registration, *, by, code=None, staff_decision=False, now=None):
    """Prove a pending network waiver: a waiver code, the participant's verified address at their
    institution's domain, or (staff only, `staff_decision`) IRO staff's decision.

    The fee drops to nothing; a registration awaiting payment is confirmed. Refused once a
    payment is recorded (staff refund it first) and when the proof does not hold.
    """
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        if registration.fee_waived_by_id and registration.fee <= 0:
            raise RegistrationError(_("The fee of this registration is already waived."))
        if registration.fee <= 0:
            raise RegistrationError(_("No fee is due on this registration."))
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."))
        if registration.payments.exists():
            raise RegistrationError(
                _("A payment is already recorded for this registration: the waiver needs a refund first.")
            )
        offering = registration.offering
        if staff_decision:
            network = registration.waiver_pending_for or offering.waiver_networks.order_by("name").first()
            if network is None:
                raise RegistrationError(_("This programme waives no fee."))
            proof, used_code = WaiverProof.STAFF, None
        elif code is not None:
            used_code = _lock_code(code, offering)
            network, proof = used_code.network, WaiverProof.CODE
        else:
            institution = registration.institution
            network = selectors.claimed_network(offering, institution)
            if network is None or not selectors.member_email(registration.participant, institution):
                raise RegistrationError(
                    _(
                        "No verified address of yours is at a domain of %(institution)s. Add your institutional "
                        "address in your account, open the link we email you, then try again."
                    )
                    % {"institution": registration.institution_label}
                )
            proof, used_code = WaiverProof.EMAIL_DOMAIN, None
        registration.fee = offering.fee * 0
        registration.fee_waived_by = network
        registration.waiver_pending_for = None
        registration.waiver_proof = proof
        registration.waiver_code = used_code
        registration.save(
            update_fields=[
                "fee",
                "fee_waived_by",
                "waiver_pending_for",
                "waiver_proof",
                "waiver_code",
                "updated",
            ]
        )
        comment = _("Fee waived for members of %(network)s (proof: %(proof)s).") % {
            "network": network,
            "proof": registration.get_waiver_proof_display(),
        }
        _credit_open_invoice(registration, now=now)
        if registration.awaits_payment:
            registration.payment_due = None
            _move(registration, State.CONFIRMED, by=by, comment=comment)
            _notify(registration)
        else:
            RegistrationTransition.record(
                registration, registration.state, registration.state, by=by, at=now, comment=comment
            )
    return registration


def generate_waiver_codes(*, network, count, max_uses, expires_on, issued_to, offering=None, by):
    """Staff issue `count` codes to a network's office (the admin exports them as CSV to send)."""
    if not 1 <= count <= 500:
        raise RegistrationError(_("Generate between 1 and 500 codes at a time."))
    if expires_on < timezone.localdate():
        raise RegistrationError(_("The expiry date is in the past."))
    if offering is not None and not offering.waiver_networks.filter(pk=network.pk).exists():
        raise RegistrationError(
            _("“%(title)s” is not free for the members of %(network)s: add the network to it first.")
            % {"title": offering.title, "network": network}
        )
    with transaction.atomic():
        codes = []
        while len(codes) < count:
            code = WaiverCode(
                network=network,
                offering=offering,
                issued_to=issued_to,
                max_uses=max_uses,
                expires_on=expires_on,
                created_by=by,
            )
            if not WaiverCode.objects.filter(code=code.code).exists():
                code.save()
                codes.append(code)
    return codes


def accept_offer(registration, *, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        _lock_offering(registration.offering_id)
        registration = _lock_registration(registration.pk)
        if not registration.is_offered:
            raise RegistrationError(_("There is no seat offer to accept on this registration."))
        if registration.offer_expires_at and now >= registration.offer_expires_at:
            raise RegistrationError(_("This offer expired; the seat has been offered to the next person."))
        _grant_seat(registration, by=by, now=now, comment=_("Seat offer accepted."))
    return registration


def cancel(registration, *, by, comment="", now=None):
    """Cancel (participant or staff, or declining an offer); a freed seat goes to the waiting list."""
    return _leave(registration, State.CANCELLED, by=by, comment=comment, now=now)


def reject(registration, *, by, comment="", now=None):
    return _leave(registration, State.REJECTED, by=by, comment=comment, now=now)


def _leave(registration, to_state, *, by, comment, now):
    now = now or timezone.now()
    with transaction.atomic():
        offering = _lock_offering(registration.offering_id)
        registration = _lock_registration(registration.pk)
        if to_state == State.CANCELLED and not registration.can_cancel:
            raise RegistrationError(_("This registration can no longer be cancelled."))
        held_seat = registration.holds_seat
        registration.offer_expires_at = None
        _move(registration, to_state, by=by, comment=comment)
        _credit_open_invoice(registration, now=now)
        _notify(registration)
        if held_seat:
            _fill_free_seats(offering, now)
    return registration


def expire_offers(*, now=None):
    """Close the offers whose deadline has passed and offer those seats to the next people."""
    now = now or timezone.now()
    expired = 0
    offering_ids = (
        Registration.objects.filter(state=State.OFFERED, offer_expires_at__lte=now)
        .order_by()  # the default ordering would join the DISTINCT: one offering per lapsed row
        .values_list("offering_id", flat=True)
        .distinct()
    )
    for offering_id in list(offering_ids):
        with transaction.atomic():
            offering = _lock_offering(offering_id)
            lapsed = Registration.objects.select_for_update().filter(
                offering=offering, state=State.OFFERED, offer_expires_at__lte=now
            )
            for registration in lapsed:
                _move(registration, State.OFFER_EXPIRED, comment=_("The offer was not accepted in time."))
                _notify(registration)
                expired += 1
            _fill_free_seats(offering, now)
    return expired


# --- Unpaid seats --------------------------------------------------------------------------


# Offerings released in one transaction (their rows locked together, in id order).
RELEASE_OFFERINGS = 200


def release_unpaid(*, now=None):
    """Release the seats of accepted registrations still unpaid after their offering's grace period.

    Released when the Paris day is later than the payment date plus `payment_grace_days`; a
    registration with any payment recorded is left to staff. The offerings and the registrations
    are locked, and the payments are read again after the lock: with a payment being recorded at
    the same time, either the payment (confirmed, not released) or the release (payment refused)
    wins, never both. Each freed seat is offered to the waiting list. Returns how many were released.

    In bulk, RELEASE_OFFERINGS offerings per transaction: a constant number of queries for each
    (lock, read, UPDATE, history, outbox, then the same for the seats offered), whatever the number
    of registrations (benchmarks/reminders.py: 100,000 registrations).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    released = 0
    offering_ids = list(
        Registration.objects.filter(state=State.ACCEPTED, payment_due__lt=today)
        .order_by("offering_id")  # not the default ordering: one row per offering
        .values_list("offering_id", flat=True)
        .distinct()
    )
    for start in range(0, len(offering_ids), RELEASE_OFFERINGS):
        with transaction.atomic():
            offerings = {
                o.pk: o
                for o in Offering.objects.select_for_update()
                .filter(pk__in=offering_ids[start : start + RELEASE_OFFERINGS])
                .order_by("pk")
            }
            overdue = Registration.objects.filter(
                offering__in=list(offerings), state=State.ACCEPTED, payment_due__lt=today
            ).values_list("pk", "offering_id", "payment_due")
            ids = [
                pk
                for pk, offering_id, due in overdue
                if due < today - timedelta(days=offerings[offering_id].payment_grace_days)
            ]
            lapsed = list(
                Registration.objects.select_for_update(of=("self",))
                .filter(pk__in=ids, state=State.ACCEPTED)
                .select_related("participant")
                .order_by("pk")
            )
            paid = set(
                Payment.objects.filter(registration__in=[r.pk for r in lapsed]).values_list(
                    "registration_id", flat=True
                )
            )
            lapsed = [r for r in lapsed if r.pk not in paid]
            for registration in lapsed:
                registration.offering = offerings[registration.offering_id]
            RegistrationTransition.move_many(
                lapsed,
                State.CANCELLED,
                at=now,
                comment=lambda r: (
                    _("Released: not paid by %(day)s (%(grace)d days of grace).")
                    % {"day": r.payment_due.isoformat(), "grace": r.offering.payment_grace_days}
                ),
            )
            _credit_open_invoices(lapsed, now=now)
            _notify_many(lapsed, "released")
            _fill_free_seats_of(list({r.offering_id: r.offering for r in lapsed}.values()), now)
            released += len(lapsed)
    return released


def _notify_many(registrations, template):
    """`_notify` for a sweep's many registrations: each email in its participant's language,
    written to the outbox in bulk (participant and offering already on each registration)."""
    if not registrations:
        return
    messages = [
        render_templated_email(
            r.participant.email,
            f"summerschool/email/{template}",
            {"site_url": settings.SITE_URL, "registration": r, "offering": r.offering},
            getattr(r.participant, "language", None) or "en",
        )
        for r in registrations
    ]
    queue_messages(messages)


def _fill_free_seats_of(offerings, now):
    """`_fill_free_seats` for many offerings whose rows are locked: three reads, then the offers
    in bulk. Returns the registrations offered a seat."""
    if not offerings:
        return []
    by_pk = {o.pk: o for o in offerings}
    taken = dict(
        Registration.objects.filter(offering__in=list(by_pk), state__in=SEAT_STATES)
        .order_by()
        .values_list("offering_id")
        .annotate(n=Count("pk"))
    )
    free = {pk: o.capacity - taken.get(pk, 0) for pk, o in by_pk.items()}
    queue = (
        Registration.objects.filter(
            offering__in=[pk for pk, n in free.items() if n > 0], state=State.WAITLISTED
        )
        .order_by("offering_id", "queued_at", "pk")
        .values_list("pk", "offering_id")
    )
    chosen = []
    for pk, offering_id in queue:
        if free[offering_id] > 0:
            chosen.append(pk)
            free[offering_id] -= 1
    offered = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(pk__in=chosen, state=State.WAITLISTED)
        .select_related("participant")
        .order_by("pk")
    )
    for registration in offered:
        registration.offering = by_pk[registration.offering_id]
        registration.offer_expires_at = now + timedelta(days=registration.offering.offer_days)
    RegistrationTransition.move_many(
        offered, State.OFFERED, at=now, comment=_("A seat became free."), update_fields=["offer_expires_at"]
    )
    _notify_many(offered, "seat_offered")
    return offered


def extend_payment_due(registration, *, until, by, now=None):
    """Staff give a participant more time to pay: the new date is kept in the history."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        if not registration.awaits_payment:
            raise RegistrationError(_("Only a registration awaiting payment has a payment date to extend."))
        if until < timezone.localdate(now):
            raise RegistrationError(_("The new payment date is in the past."))
        before = registration.payment_due
        registration.payment_due = until
        registration.save(update_fields=["payment_due", "updated"])
        RegistrationTransition.record(
            registration,
            registration.state,
            registration.state,
            by=by,
            at=now,
            comment=_("Payment date moved from %(before)s to %(after)s.")
            % {"before": before.isoformat() if before else "—", "after": until.isoformat()},
        )
    return registration


# --- Invoices and credit notes ----------------------------------------------------------------


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


def participant_language(registration):
    """PDFs are read by the participant: written in their preferred language, whoever downloads them."""
    return getattr(registration.participant, "language", "") or "en"


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


# --- Payments ------------------------------------------------------------------------------


def record_payment(registration, *, amount, paid_on, bank_reference, by):
    """Record a transfer; once the fee is covered, the registration is confirmed."""
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
                comment=_("Fee paid (%(ref)s).") % {"ref": payment.bank_reference},
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


# --- Attendance and completion --------------------------------------------------------------


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


# --- Certificates --------------------------------------------------------------------------


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


# --- Bank statements -----------------------------------------------------------------------


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
