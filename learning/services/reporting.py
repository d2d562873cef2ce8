"""What staff report and chase: the year's mobilities for the EU Beneficiary Module, and the
mobilities missing something (the staff page and the reminders share these querysets)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mobility.models import MobilityRecord, Status
from partners.models import Institution

from ..models import AgreementVersion, Stay, Transcript, VersionStatus
from . import grants

UNSIGNED_BEFORE = datetime.timedelta(days=30)
TRANSCRIPT_AFTER = datetime.timedelta(weeks=5)


def followed(queryset=None):
    """Mobilities followed in the portal: from a confirmed application (imports are history)."""
    queryset = MobilityRecord.objects.all() if queryset is None else queryset
    return (
        queryset.filter(application__status=Status.CONFIRMED)
        .select_related("application__student", "institution")
        .prefetch_related("institution__coordinators")
    )


def _today(now):
    return timezone.localdate(now or timezone.now())


def unsigned_agreements(now=None):
    """No version signed by all three although the mobility starts within 30 days (or started)."""
    approved = AgreementVersion.objects.filter(
        agreement__record=OuterRef("pk"), status=VersionStatus.APPROVED
    )
    return followed().filter(start_date__lte=_today(now) + UNSIGNED_BEFORE).exclude(Exists(approved))


def arrivals_unconfirmed(now=None):
    arrived = Stay.objects.filter(record=OuterRef("pk"), arrival_date__isnull=False)
    return followed().filter(start_date__lt=_today(now)).exclude(Exists(arrived))


def transcripts_missing(now=None):
    transcript = Transcript.objects.filter(record=OuterRef("pk"))
    return followed().filter(end_date__lt=_today(now) - TRANSCRIPT_AFTER).exclude(Exists(transcript))


def missing(now=None) -> list[dict]:
    """The staff page: one section per gap, each with its mobilities."""
    return [
        {
            "key": "unsigned",
            "title": _("Learning agreement not signed by all three, 30 days or less before the start"),
            "records": list(unsigned_agreements(now).order_by("start_date")),
        },
        {
            "key": "arrival",
            "title": _("Arrival not confirmed although the mobility started"),
            "records": list(arrivals_unconfirmed(now).order_by("start_date")),
        },
        {
            "key": "transcript",
            "title": _("No Transcript of Records 5 weeks after the end"),
            "records": list(transcripts_missing(now).order_by("end_date")),
        },
    ]


# The columns of the Beneficiary Module's mobility import, in its words.
EXPORT_COLUMNS = [
    "Mobility ID",
    "Activity Type",
    "Participant First Name",
    "Participant Last Name",
    "Participant Email",
    "Direction",
    "Sending Organisation",
    "Sending Organisation Erasmus Code",
    "Sending Organisation SCHAC",
    "Sending Country",
    "Receiving Organisation",
    "Receiving Organisation Erasmus Code",
    "Receiving Organisation SCHAC",
    "Receiving Country",
    "Start Date",
    "End Date",
    "Dates Confirmed By Host",
    "Duration (months)",
    "Duration (extra days)",
    "Duration (days)",
    "Country Group",
    "Monthly Rate (EUR)",
    "Individual Support (EUR)",
    "Fewer Opportunities Top-up (EUR)",
    "Green Travel Top-up (EUR)",
    "Total Grant (EUR)",
    "Grant Paid (EUR)",
    "Learning Agreement Signed",
    "Recognition Recorded",
]

ACTIVITY = {
    "academic_exchange": "Student mobility for studies",
    "clinical_placement": "Student mobility for traineeships",
}


def year_records(academic_year):
    return (
        MobilityRecord.objects.filter(academic_year=academic_year)
        .exclude(application__status=Status.WITHDRAWN)
        .select_related("application__student", "institution", "stay", "grant", "learning_agreement")
        .prefetch_related("grant__payments", "learning_agreement__versions")
        .order_by("start_date", "pk")
    )


def _org(institution, name, country):
    if institution is None:
        return [name, "", "", str(country)]
    return [
        institution.name,
        institution.erasmus_code_official,
        institution.schac_id or "",
        str(institution.country),
    ]


def export_rows(academic_year):
    """[header, row, ...] of the year's mobilities (Beneficiary Module columns)."""
    home = Institution.objects.filter(is_home=True).first()
    home_org = _org(home, "Université Paris Cité", "FR")
    rows = [EXPORT_COLUMNS]
    for record in year_records(academic_year):
        student = record.application.student if record.application_id else None
        first, last = (student.first_name, student.last_name) if student else (record.student_name, "")
        partner = _org(record.institution, record.institution_name, record.country)
        sending, receiving = (home_org, partner) if record.direction == "outgoing" else (partner, home_org)
        numbers = grants.figures(record)
        start, end, confirmed = grants.grant_dates(record)
        months, days = grants.duration(start, end)
        agreement = getattr(record, "learning_agreement", None)
        signed = agreement is not None and any(
            v.status == VersionStatus.APPROVED for v in agreement.versions.all()
        )
        money = (
            [
                numbers.group or "",
                numbers.rate or "",
                numbers.base,
                numbers.fewer_opportunities,
                numbers.green_travel,
                numbers.total,
                numbers.paid,
            ]
            if numbers.applies and not numbers.problem
            else [""] * 7
        )
        rows.append(
            [
                record.reference or f"IRO-{record.pk}",
                ACTIVITY.get(record.programme, record.get_programme_display()),
                first,
                last,
                student.email if student else "",
                record.direction,
                *sending,
                *receiving,
                start.isoformat(),
                end.isoformat(),
                "yes" if confirmed else "no",
                months,
                days,
                months * 30 + days,
                *money,
                "yes" if signed else "no",
                "yes" if record.recognised_at else "no",
            ]
        )
    return rows
