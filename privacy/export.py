"""A person's own copy: one JSON of everything the portal holds about them, and their files.

Only the person's own rows are read (filtered by their account or address); where a row names
someone else (the staff member who downloaded a file, the coordinator who nominated them), only
that person's role is given, never their name or address.
"""

import io
import json
import logging
import os
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


def _value(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def _fields(obj, names):
    return {name: _value(getattr(obj, name)) for name in names}


def _role(user):
    if user is None:
        return "unknown"
    if user.is_staff:
        return "IRO staff" if user.is_iro_staff else "academic supervisor"
    if user.is_coordinator:
        return "partner coordinator"
    return "other"


def collect(user, now=None):
    """The JSON-ready data and the list of files [(path in the ZIP, FieldFile)] of `user`."""
    from allauth.account.models import EmailAddress

    from core.models import FileAccess
    from mobility.models import AcceptanceLetter, Application, MobilityRecord, Nomination
    from summerschool.models import Certificate, Payment, Registration

    from .anonymise import emails_to
    from .models import DataRequest

    now = now or timezone.now()
    files = []

    def add_file(folder, field_file, name=None):
        if not field_file:
            return None
        name = name or os.path.basename(field_file.name)
        path = f"files/{folder}/{name}"
        files.append((path, field_file))
        return path

    data = {
        "generated_at": now.isoformat(),
        "about": "Personal data held by the IRO Portal of the UPCité Medical School.",
        "account": {
            **_fields(
                user, ["email", "first_name", "last_name", "role", "language", "date_joined", "last_login"]
            ),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "applications": [],
        "nominations": [],
        "nominations_made": [],
        "mobility_records": [],
        "registrations": [],
        "emails": [],
        "file_downloads_by_others": [],
        "requests": [],
    }

    applications = (
        Application.objects.filter(student=user)
        .select_related("call", "allocated_agreement__institution")
        .prefetch_related("preferences__agreement__institution", "documents__requirement", "transitions")
        .order_by("pk")
    )
    for a in applications:
        item = _fields(
            a,
            [
                "id",
                "status",
                "direction",
                "first_name",
                "last_name",
                "date_of_birth",
                "nationality",
                "phone",
                "student_number",
                "study_year",
                "home_institution",
                "good_standing",
                "motivation",
                "declarations",
                "submitted_at",
                "decided_at",
                "created",
            ],
        )
        item["call"] = str(a.call)
        item["place_allocated"] = str(a.allocated_agreement.institution) if a.allocated_agreement_id else None
        item["preferences"] = [
            {"rank": p.rank, "partner": str(p.agreement.institution)} for p in a.preferences.all()
        ]
        item["status_history"] = [
            {"from": t.from_state, "to": t.to_state, "at": _value(t.at), "comment": t.comment}
            for t in a.transitions.all()
        ]
        item["eligibility_checks"] = [
            {"criterion": str(c.criterion), "result": c.result, "note": c.note}
            for c in a.assessments.select_related("criterion")
        ]
        item["selection"] = {
            "score": _value(a.score),
            "rank_by_merit": a.merit_rank,
            "marks": [
                {"criterion": m.criterion.name, "mark": _value(m.value), "out_of": _value(m.criterion.scale_max),
                 "weight": _value(m.criterion.weight)}
                for m in a.marks.select_related("criterion")
            ],
            "places_offered": [
                {"partner": str(o.agreement.institution), "offered_at": _value(o.offered_at),
                 "reply_by": _value(o.reply_by), "outcome": o.outcome}
                for o in a.offers.select_related("agreement__institution")
            ],
        }  # fmt: skip
        item["recommendations"] = [
            {"opinion": r.opinion, "comment": r.comment, "recorded_at": _value(r.created)}
            for r in a.recommendations.all()
        ]
        item["documents"] = []
        for d in a.documents.all():
            doc = _fields(d, ["original_name", "kind", "size", "uploaded_at", "status", "reason"])
            doc["document"] = d.requirement.name
            doc["file"] = add_file(
                f"applications/{a.pk}", d.file, f"{d.pk}-{os.path.basename(d.original_name)}"
            )
            item["documents"].append(doc)
        letter = AcceptanceLetter.objects.filter(application=a).first()
        if letter is not None:
            item["acceptance_letter"] = {
                **_fields(letter, ["reference", "start_date", "end_date", "host_department", "generated_at"]),
                "file": add_file(f"applications/{a.pk}", letter.file, "acceptance-letter.pdf"),
            }
        item["clerkship_plan"] = [
            {"clerkship": r.clerkship, "months": r.months, "department": r.department}
            for r in a.rotations.all()
        ]
        data["applications"].append(item)

    for n in Nomination.objects.filter(Q(student=user) | Q(email__iexact=user.email)).select_related(
        "call", "agreement__institution", "nominated_by"
    ):
        item = _fields(
            n,
            [
                "id",
                "first_name",
                "last_name",
                "email",
                "language",
                "study_year",
                "length",
                "track",
                "wished_departments",
                "wished_start",
                "wished_end",
                "status",
                "invited_at",
                "created",
            ],
        )
        item["call"] = str(n.call)
        item["home_institution"] = str(n.agreement.institution)
        item["nominated_by"] = _role(n.nominated_by)
        data["nominations"].append(item)

    # A coordinator's nominations name other people: only what the coordinator did is theirs.
    for n in Nomination.objects.filter(nominated_by=user).select_related("call"):
        data["nominations_made"].append({"id": n.pk, "call": str(n.call), "created": _value(n.created)})

    for r in MobilityRecord.objects.filter(application__student=user):
        data["mobility_records"].append(
            _fields(
                r,
                [
                    "student_name",
                    "direction",
                    "programme",
                    "institution_name",
                    "country",
                    "academic_year",
                    "start_date",
                    "end_date",
                ],
            )
        )

    for reg in Registration.objects.filter(participant=user).select_related("offering", "institution"):
        item = _fields(
            reg,
            [
                "id",
                "institution_label",
                "field_of_study",
                "level_of_study",
                "motivation",
                "address",
                "state",
                "fee",
                "queued_at",
                "attended",
            ],
        )
        item["offering"] = str(reg.offering)
        item["cv"] = add_file(
            f"registrations/{reg.pk}", reg.cv, "cv" + os.path.splitext(reg.cv.name or "")[1]
        )
        item["payments"] = []
        for p in Payment.objects.filter(registration=reg).select_related("registration__offering"):
            payment = _fields(p, ["amount", "paid_on", "bank_reference", "receipt_number"])
            payment["receipt"] = f"files/registrations/{reg.pk}/receipt-{p.receipt_number}.pdf"
            files.append((payment["receipt"], _Receipt(p)))
            item["payments"].append(payment)
        cert = Certificate.objects.filter(registration=reg).first()
        if cert is not None:
            item["certificate"] = {
                **_fields(cert, ["code", "issued_at", "verify_url"]),
                "file": add_file(f"registrations/{reg.pk}", cert.pdf, "certificate.pdf"),
            }
        data["registrations"].append(item)

    for e in emails_to(user.email).order_by("created"):
        data["emails"].append(
            {"subject": e.subject, "created": _value(e.created), "status": _value(e.get_status_display())}
        )

    for f in FileAccess.objects.filter(owner=user).select_related("user").order_by("at"):
        data["file_downloads_by_others"].append(
            {"at": _value(f.at), "by": _role(f.user), "file": f.get_kind_display(), "file_name": f.file_name}
        )

    for r in DataRequest.objects.filter(account_id=user.pk).order_by("requested_at"):
        data["requests"].append({"kind": r.kind, "status": r.status, "requested_at": _value(r.requested_at)})
    return data, files


class _Receipt:
    """A receipt is rendered when asked for (as on the registration page), not stored."""

    def __init__(self, payment):
        self.payment = payment

    def read(self):
        from summerschool import services

        return services.receipt_pdf(self.payment)


def _read(source):
    if isinstance(source, _Receipt):
        return source.read()
    with source.storage.open(source.name, "rb") as fh:
        return fh.read()


def build_zip(user, now=None):
    data, files = collect(user, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "my-data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        missing = []
        for path, field_file in files:
            try:
                archive.writestr(path, _read(field_file))
            except Exception:  # a file gone from storage, a receipt that cannot be rendered now
                logger.warning("Copy of account %s: %s could not be added", user.pk, path, exc_info=True)
                missing.append(path)
        if missing:
            archive.writestr("missing-files.txt", "\n".join(missing))
    return buffer.getvalue()
