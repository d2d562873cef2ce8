"""Learning agreement versions: the student drafts, the three parties sign or send back.

A version is edited only while a draft (nobody signed it). Editing anything signed — a version
awaiting signatures, sent back, or signed by all three (a change during the mobility) — starts a
new version that copies it; the earlier one keeps its signatures as they were.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import send_templated_email
from core.pdf import render_pdf
from mobility.models import MobilityRecord

from .. import rules
from ..models import (
    AgreementVersion,
    Component,
    ComponentChange,
    LearningAgreement,
    Party,
    Signature,
    VersionStatus,
    VersionTransition,
)
from ..models.agreements import CHANGED_BEFORE_SIGNATURES
from .errors import LearningError

SCHOOL = "UPCité Medical School"
PDF_TEMPLATE = "learning/pdf/version.html"
HEADER_FIELDS = (
    "planned_start",
    "planned_end",
    "language",
    "language_level",
    "automatic_recognition",
    "change_reason",
)


def agreement_url(record):
    return reverse("learning:agreement", args=[record.pk])


def start_agreement(record, *, by=None) -> LearningAgreement:
    """The agreement of a mobility (created with a first draft on first use; again gives the same)."""
    with transaction.atomic():
        record = MobilityRecord.objects.select_for_update().get(pk=record.pk)
        agreement, created = LearningAgreement.objects.get_or_create(record=record)
        if created:
            AgreementVersion.objects.create(
                agreement=agreement,
                number=1,
                planned_start=record.start_date,
                planned_end=record.end_date,
                created_by=by,
            )
    return agreement


def latest_version(agreement):
    return agreement.versions.order_by("-number").first()


def approved_version(agreement):
    """The version in force: the last one the three parties signed (None before)."""
    return agreement.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()


def _check_student(agreement, by):
    if not rules.is_mobility_student.test(by, agreement.record):
        raise PermissionDenied(_("Only the student drafts their learning agreement."))


@transaction.atomic
def editable_version(agreement, *, by, now=None) -> AgreementVersion:
    """The draft the student edits: the latest version if nobody signed it, else a new copy of it."""
    _check_student(agreement, by)
    LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
    latest = latest_version(agreement)
    if latest.is_draft:
        return latest
    if latest.is_submitted:
        VersionTransition.move(
            latest,
            VersionStatus.SUPERSEDED,
            by=by,
            at=now,
            comment=CHANGED_BEFORE_SIGNATURES(),
        )
    after_approval = approved_version(agreement) is not None
    draft = AgreementVersion.objects.create(
        agreement=agreement,
        number=latest.number + 1,
        created_by=by,
        **{f: getattr(latest, f) for f in HEADER_FIELDS if f != "change_reason"},
    )
    Component.objects.bulk_create(
        Component(
            version=draft,
            table=c.table,
            order=c.order,
            code=c.code,
            title=c.title,
            semester=c.semester,
            ects=c.ects,
            is_virtual=c.is_virtual,
            # A change version starts from what was agreed: what was removed is gone.
            change=ComponentChange.NONE if after_approval else c.change,
            change_reason="" if after_approval else c.change_reason,
        )
        for c in latest.components.all()
        if not (after_approval and c.is_removed)
    )
    return draft


@transaction.atomic
def save_draft(version, *, by, data: dict, components: list[dict]) -> AgreementVersion:
    """Replace a draft's header and components (the forms validated each field)."""
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    _check_student(version.agreement, by)
    if not version.is_draft:
        raise LearningError(_("This version was signed: edit the learning agreement to start a new version."))
    for name in HEADER_FIELDS:
        if name in data:
            setattr(version, name, data[name])
    if version.planned_end < version.planned_start:
        raise LearningError(_("The planned end cannot come before the planned start."))
    version.save()
    version.components.all().delete()
    Component.objects.bulk_create(
        Component(version=version, order=i, **row) for i, row in enumerate(components)
    )
    return version


def submission_problems(version) -> list[str]:
    """What keeps a draft from being signed by the student (empty when it is ready)."""
    problems = []
    components = list(version.components.all())
    if not any(c.table == "A" and not c.is_removed for c in components):
        problems.append(_("Table A lists no component at the receiving institution."))
    if not version.automatic_recognition and not any(c.table == "B" and not c.is_removed for c in components):
        problems.append(_("Table B lists no component recognised at home (or choose automatic recognition)."))
    if approved_version(version.agreement) is not None:
        if not version.change_reason.strip():
            problems.append(_("Say why the signed agreement changes."))
        if any(c.change and not c.change_reason.strip() for c in components):
            problems.append(_("Give a reason for each component added or removed."))
    return problems


def _sign(version, party, by, now):
    return Signature.objects.create(
        version=version,
        party=party,
        signer=by,
        signer_name=by.display_name,
        signer_position=_signer_position(version, party),
        signed_at=now,
        content_hash=version.content_hash(),
    )


def _signer_position(version, party):
    """The institution a staff member or coordinator signs for; nothing for the student, whose
    position is written in the reader's language (Signature.position)."""
    record = version.agreement.record
    if party == Party.STUDENT:
        return ""
    ours = (party == Party.SENDING) == (record.direction == "outgoing")
    return SCHOOL if ours else record.institution_name


@transaction.atomic
def submit(version, *, by, now=None) -> AgreementVersion:
    """The student signs their draft and sends it to both institutions."""
    now = now or timezone.now()
    version = (
        AgreementVersion.objects.select_for_update().select_related("agreement__record").get(pk=version.pk)
    )
    _check_student(version.agreement, by)
    problems = submission_problems(version)
    if problems:
        raise LearningError(" ".join([_("The learning agreement cannot be sent yet:"), *problems]))
    VersionTransition.move(version, VersionStatus.SUBMITTED, by=by, at=now)
    _sign(version, Party.STUDENT, by, now)
    record = version.agreement.record
    for coordinator in record.institution.coordinators.all() if record.institution_id else []:
        send_templated_email(
            coordinator,
            "learning/email/to_sign",
            {"record": record, "version": version, "url": agreement_url(record), "recipient": coordinator},
        )
    return version


def _responsible(version, by):
    party = rules.party_of(by, version.agreement.record)
    if party in (None, Party.STUDENT):
        raise PermissionDenied(_("You are not responsible for this learning agreement."))
    return party


@transaction.atomic
def sign(version, *, by, now=None) -> AgreementVersion:
    """A responsible person approves the version; the third signature makes it the one in force."""
    now = now or timezone.now()
    version = (
        AgreementVersion.objects.select_for_update().select_related("agreement__record").get(pk=version.pk)
    )
    party = _responsible(version, by)
    if not version.is_submitted:
        raise LearningError(_("Only a version awaiting signatures can be signed."))
    if version.signatures.filter(party=party).exists():
        raise LearningError(_("This version is already signed for your institution."))
    _sign(version, party, by, now)
    if version.signatures.count() == len(Party.values):
        VersionTransition.move(version, VersionStatus.APPROVED, by=by, at=now)
        record = version.agreement.record
        send_templated_email(
            record.application.student,
            "learning/email/approved",
            {"record": record, "version": version, "url": agreement_url(record)},
        )
    return version


@transaction.atomic
def send_back(version, *, by, comment, now=None) -> AgreementVersion:
    """A responsible person refuses the version with a comment; the student edits a new version."""
    version = (
        AgreementVersion.objects.select_for_update().select_related("agreement__record").get(pk=version.pk)
    )
    _responsible(version, by)
    comment = (comment or "").strip()
    if not comment:
        raise LearningError(_("Say what the student should change."))
    if not version.is_submitted:
        raise LearningError(_("Only a version awaiting signatures can be sent back."))
    version.returned_comment, version.returned_by = comment, by
    VersionTransition.move(
        version,
        VersionStatus.RETURNED,
        by=by,
        at=now,
        comment=comment,
        update_fields=["returned_comment", "returned_by"],
    )
    record = version.agreement.record
    send_templated_email(
        record.application.student,
        "learning/email/returned",
        {"record": record, "version": version, "comment": comment, "url": agreement_url(record)},
    )
    return version


def version_pdf(version) -> bytes:
    """The PDF of a version signed by all three, with their names, times and the hash signed."""
    if not version.is_approved:
        raise LearningError(_("Only a version signed by all three parties has a PDF."))
    record = version.agreement.record
    return render_pdf(
        PDF_TEMPLATE,
        {
            "record": record,
            "version": version,
            "school": SCHOOL,
            "signatures": [version.signature_of(p) for p in Party.values],
            "hash": version.content_hash(),
            "outgoing": record.direction == "outgoing",
        },
    )
