"""Reads: what views, the admin and services look up (no writes here)."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from partners.models import Institution, Network

from .models import Certificate, Registration, SummerSchool, WaiverCode, WaiverProof
from .rules import registrations_visible_to


def catalogue(today=None):
    """/summer-schools/: the published schools that have not ended, soonest first, full ones
    included (their card says "Full — waiting list open"). Paged by the view, whose page only gets
    its seats counted (`with_seats_and_waivers`): counting the seats of every school to split the
    full ones apart made the page cost grow with the table (issue 19: 1.3 s at 100,000)."""
    today = today or timezone.localdate()
    return SummerSchool.objects.published().filter(ends_on__gte=today).order_by("starts_on", "title")


def with_seats_and_waivers(schools):
    """A page of the catalogue with its seats counted and the networks whose members pay nothing."""
    return schools.with_seats().prefetch_related("waiver_networks")


def registrations_of(user):
    return (
        Registration.objects.filter(participant=user)
        .select_related("offering", "certificate")
        .with_waitlist_position()
        .order_by("-offering__starts_on", "-queued_at")
    )


def registration_for(user, pk):
    """The registration if `user` may see it (summerschool/rules.py: its participant or IRO staff), else None."""
    qs = Registration.objects.select_related("offering", "participant", "institution", "fee_waived_by")
    return registrations_visible_to(user, qs).filter(pk=pk).first()


def past_editions(today=None, limit=6):
    """The latest published summer schools that have ended (shown under the catalogue).

    They started before today too: said to the database, its index on the start date reads from
    today backwards instead of stepping over every school still to come (issue 19)."""
    today = today or timezone.localdate()
    return (
        SummerSchool.objects.published()
        .filter(starts_on__lt=today, ends_on__lt=today)
        .order_by("-starts_on", "title")[:limit]
    )


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


def claimed_network(offering, institution):
    """The waiver network whose member `institution` is (what a participant claims by choosing it)."""
    if institution is None or offering.fee <= 0:
        return None
    return Network.objects.filter(fee_waived_offerings=offering, members=institution).order_by("name").first()


def member_email(participant, institution):
    """A verified address of `participant` at one of `institution`'s email domains (the proof), or None."""
    if participant is None or institution is None or not institution.domain_list:
        return None
    addresses = EmailAddress.objects.filter(user=participant, verified=True).values_list("email", flat=True)
    return next((email for email in addresses if institution.owns_email(email)), None)


def proven_institution_ids(offering, participant):
    """The member institutions whose waiver `participant` has proven by a verified address: the
    registration form's fee preview shows €0 for these only, as register() charges."""
    if offering.fee <= 0:
        return []
    members = (
        Institution.objects.filter(networks__fee_waived_offerings=offering)
        .exclude(email_domains="")
        .distinct()
    )
    return [i.pk for i in members if member_email(participant, i)]


def pending_institution_ids(offering):
    """Member institutions of the offering's waiver networks: chosen without proof, the waiver is pending."""
    return list(
        offering.waiver_networks.values_list("members__id", flat=True).exclude(members__id=None).distinct()
    )


def waiver_code(code):
    """The waiver code as typed (case and spaces ignored), or None."""
    code = "".join((code or "").split()).upper()
    if not code:
        return None
    if "-" not in code and len(code) == 12:
        code = "-".join(code[i : i + 4] for i in range(0, 12, 4))
    return WaiverCode.objects.select_related("network").filter(code=code).first()


def fee_for(offering, institution=None, *, participant=None, code=None):
    """What registering costs, as `register()` charges it: (fee, proven network, proof, pending network).

    A network waiver needs proof: a valid waiver code, or a verified address at the member
    institution's email domain. A member without proof pays the full fee, the waiver pending.
    """
    if offering.fee <= 0:
        return offering.fee, None, "", None
    if code is not None and not code.refusal_for(offering):
        return offering.fee * 0, code.network, WaiverProof.CODE, None
    claimed = claimed_network(offering, institution)
    if claimed is not None and member_email(participant, institution):
        return offering.fee * 0, claimed, WaiverProof.EMAIL_DOMAIN, None
    return offering.fee, None, "", claimed
