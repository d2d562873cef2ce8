"""Who may see or act on summer-school registrations, their CV, receipts and certificates: the one place.

A registration is its participant's and IRO staff's business only. Academic supervisors work in
the admin (`is_staff`) but have no summer-school role: they see no summer-school data at all.
Accepting an offer or cancelling from the portal is the participant's own act (staff reject or
cancel from the admin, with its actions).
"""

import rules
from django.db.models import Q

from core.rules import EVERYTHING, Rule, add_perm, iro_staff, is_active_person, is_iro_staff, own_action

from .models import Registration


@rules.predicate
def is_participant(user, registration):
    return registration is not None and registration.participant_id == user.pk


@rules.predicate
def may_view_payments_registration(user, payment):
    return payment is not None and view_registration.predicate.test(user, payment.registration)


@rules.predicate
def may_view_certificates_registration(user, certificate):
    return certificate is not None and view_registration.predicate.test(user, certificate.registration)


participant = Rule(is_participant, lambda user: Q(participant=user))
view_registration = participant | iro_staff


def registrations_visible_to(user, queryset=None):
    """The registrations `user` may see: the queryset twin of `summerschool.view_registration`."""
    return view_registration.filter(user, Registration.objects.all() if queryset is None else queryset)


def of_visible_registrations(user, queryset):
    """Payments, certificates…: the rows whose registration `user` may see."""
    if not is_active_person(user):
        return queryset.none()
    if view_registration.q(user) is EVERYTHING:
        return queryset
    return queryset.filter(registration__in=registrations_visible_to(user).values("pk"))


def may_act_on(user, registration) -> bool:
    """Accept an offer or cancel from the portal: the participant only (staff use the admin)."""
    return own_action("summerschool.act_on_registration", user, registration)


add_perm("summerschool.view_registration", view_registration)
add_perm("summerschool.view_payment", may_view_payments_registration)  # the receipt
add_perm("summerschool.view_certificate", may_view_certificates_registration)
add_perm("summerschool.act_on_registration", is_participant)
# Certificate runs (the progress of a bulk issue) are summer-school data: IRO staff only.
add_perm("summerschool.view_certificaterun", is_iro_staff)


@rules.predicate
def may_view_invoices_registration(user, invoice):
    return invoice is not None and view_registration.predicate.test(user, invoice.registration)


add_perm("summerschool.view_invoice", may_view_invoices_registration)
# Bank statement lines name payers who may not be participants: IRO staff only.
add_perm("summerschool.view_bankline", is_iro_staff)
