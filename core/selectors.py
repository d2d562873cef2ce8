"""Reads for the home page: its figures come from the data (partners in force, last year's
mobility records, the next summer school), never typed into the template."""

from django.db.models import Count, Max, Q
from django.utils import timezone

from core import academic


def home_figures(today=None):
    """Five queries whatever the size of the tables."""
    from mobility.models import MobilityRecord
    from partners.models import Agreement, AgreementKind, Direction, Institution
    from summerschool.models import SummerSchool

    today = today or timezone.localdate()
    year = academic.academic_year_of(today)
    in_force = Agreement.objects.in_force(year)
    partners = Institution.objects.partners().filter(agreements__in=in_force).distinct().count()
    europe = (
        Institution.objects.partners()
        .filter(agreements__in=in_force.filter(kind=AgreementKind.ACADEMIC_EXCHANGE), region="europe")
        .distinct()
        .count()
    )
    # The last academic year that has ended and has records: a year under way (or one not yet
    # recorded) would read as a fall.
    last = (
        MobilityRecord.objects.filter(academic_year__lt=year).aggregate(last=Max("academic_year"))["last"]
        or year - 1
    )
    outgoing = MobilityRecord.objects.filter(academic_year=last, direction=Direction.OUTGOING).aggregate(
        academic=Count(
            "pk",
            filter=Q(programme__in=[AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.BILATERAL_EXCHANGE]),
        ),
        clinical=Count("pk", filter=Q(programme=AgreementKind.CLINICAL_PLACEMENT)),
    )
    next_school = (
        SummerSchool.objects.published().filter(starts_on__gte=today).order_by("starts_on", "title").first()
    )
    return {
        "partners": partners,
        "europe_partners": europe,
        "last_year": academic.label(last),
        "outgoing_academic": outgoing["academic"],
        "outgoing_clinical": outgoing["clinical"],
        "next_school": next_school,
    }
