"""Fee waivers: proving a network membership claimed at registration, generating waiver codes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import (
    RegistrationTransition,
    State,
    WaiverCode,
    WaiverProof,
)
from ..models.registrations import FEE_WAIVED
from .common import RegistrationError, _lock_registration, _move, _notify
from .invoices import _credit_open_invoice


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
        comment = FEE_WAIVED(network=network, proof=registration.waiver_proof)
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
