"""Reads of the learning pages: one mobility's follow-up with everything its page shows."""

from django.db.models import Prefetch

from mobility.models import MobilityRecord

from . import rules
from .models import AgreementVersion, Component, Instalment, Party, VersionStatus
from .services import grants
from .services.period import components_to_recognise


def record_queryset():
    return MobilityRecord.objects.exclude(application=None).select_related(
        "application__student",
        "application__call",
        "institution",
        "stay",
        "transcript",
        "grant",
        "learning_agreement",
    )


def versions_of(agreement):
    if agreement is None:
        return []
    return list(
        AgreementVersion.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.select_related("recognition")),
            "signatures",
            "transitions__actor",
        )
        .order_by("-number")
    )


def agreement_page(record, user) -> dict:
    """Everything the learning agreement page shows `user`, and what they may do there."""
    agreement = getattr(record, "learning_agreement", None)
    versions = versions_of(agreement)
    latest = versions[0] if versions else None
    in_force = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    party = rules.party_of(user, record)
    stay = getattr(record, "stay", None)
    transcript = getattr(record, "transcript", None)
    grant = getattr(record, "grant", None)
    figures = grants.figures(record, grant)
    _version, to_recognise = components_to_recognise(record) if in_force else (None, [])
    paid = {p.instalment for p in figures.payments}
    is_student = party == Party.STUDENT
    return {
        "record": record,
        "agreement": agreement,
        "versions": versions,
        "latest": latest,
        "in_force": in_force,
        "party": party,
        "is_student": is_student,
        "may_sign": bool(
            latest
            and latest.is_submitted
            and party not in (None, Party.STUDENT)
            and latest.signature_of(party) is None
        ),
        "signed_by_me": bool(latest and party and latest.signature_of(party)),
        "stay": stay,
        "transcript": transcript,
        "may_confirm_stay": rules.may_confirm_stay(user, record),
        "may_record_certificate": rules.may_record_attendance_certificate(user, record),
        "may_upload_transcript": rules.may_upload_transcript(user, record),
        "may_recognise": rules.may_recognise(user, record) and transcript is not None and bool(to_recognise),
        "to_recognise": to_recognise,
        "grant": figures,
        "may_manage_grant": figures.applies and rules.may_manage_grant(user),
        "first_payable": Instalment.FIRST not in paid and not grants.payable(record, Instalment.FIRST),
        "final_payable": Instalment.FINAL not in paid and not grants.payable(record, Instalment.FINAL),
        "first_problem": grants.payable(record, Instalment.FIRST),
        "final_problem": grants.payable(record, Instalment.FINAL),
    }


def mobilities_for(user, year=None):
    """The list page: the mobilities `user` follows (a coordinator: their institutions')."""
    queryset = rules.mobilities_visible_to(user, record_queryset()).prefetch_related(
        "learning_agreement__versions"
    )
    if year:
        queryset = queryset.filter(academic_year=year)
    return queryset.order_by("-academic_year", "start_date", "pk")
