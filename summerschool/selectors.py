"""Reads: what views, the admin and services look up (no writes here)."""

from django.db.models import F
from django.utils import timezone

from partners.models import Network

from .models import Certificate, Registration, SummerSchool
from .rules import registrations_visible_to


def _upcoming(today=None):
    """Published summer schools that have not ended, with their seats counted in the same query."""
    today = today or timezone.localdate()
    return (
        SummerSchool.objects.published()
        .filter(ends_on__gte=today)
        .with_seats()
        .order_by("starts_on", "title")
    )


def catalogue(today=None):
    """The schools with seats left: what /summer-schools/ offers (with the networks whose members
    pay nothing, shown beside the fee)."""
    return _upcoming(today).filter(seats_taken__lt=F("capacity")).prefetch_related("waiver_networks")


def full_schools(today=None, limit=20):
    """Upcoming schools with every seat taken, listed apart: their waiting list is still open."""
    return _upcoming(today).filter(seats_taken__gte=F("capacity"))[:limit]


def registrations_of(user):
    return (
        Registration.objects.filter(participant=user)
        .select_related("offering", "certificate")
        .order_by("-offering__starts_on", "-queued_at")
    )


def registration_for(user, pk):
    """The registration if `user` may see it (summerschool/rules.py: its participant or IRO staff), else None."""
    qs = Registration.objects.select_related("offering", "participant", "institution", "fee_waived_by")
    return registrations_visible_to(user, qs).filter(pk=pk).first()


def past_editions(today=None, limit=6):
    """The latest published summer schools that have ended (shown under the catalogue)."""
    today = today or timezone.localdate()
    return SummerSchool.objects.published().filter(ends_on__lt=today).order_by("-starts_on", "title")[:limit]


def active_registration(user, offering):
    """The person's registration for `offering` that is still "in" (submitted, waiting or seated)."""
    return registrations_of(user).filter(offering=offering).active().first()


def issued_certificate(registration):
    """The certificate whose PDF exists (shown on the registration page), or None."""
    return Certificate.objects.filter(registration=registration, pdf__gt="").first()


def certificate_of(registration):
    """The registration's certificate, produced or not yet (None before completion)."""
    return Certificate.objects.filter(registration=registration).first()


def certificate_by_code(code):
    """The produced certificate a public verification code names, with its holder, or None."""
    return (
        Certificate.objects.select_related("registration__participant", "registration__offering")
        .filter(code=code, pdf__gt="")
        .first()
    )


def fee_for(offering, institution=None):
    """(fee, waiving network): members of a waiver network pay nothing, everybody else the fee."""
    if institution is not None and offering.fee > 0:
        network = (
            Network.objects.filter(fee_waived_offerings=offering, members=institution)
            .order_by("name")
            .first()
        )
        if network is not None:
            return offering.fee * 0, network
    return offering.fee, None
