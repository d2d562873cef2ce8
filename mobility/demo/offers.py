"""The partners the demo calls offer, from the brochure and UT Southwestern's IMEP page:
taken from partners.demo when it ran, created here otherwise. Shared by every mobility demo module."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q

from partners.models import Agreement, AgreementKind, Duration, Institution

PARIS = ZoneInfo("Europe/Paris")

# (name fragment to find the partners demo's row, full name, country, city)
ERASMUS_PARTNERS = [
    ("Heidelberg", "Universität Heidelberg", "DE", "Heidelberg"),
    ("Innsbruck", "Medizinische Universität Innsbruck", "AT", "Innsbruck"),
    ("KU Leuven", "KU Leuven", "BE", "Leuven"),
    ("Libre de Bruxelles", "Université Libre de Bruxelles", "BE", "Brussels"),
    ("Aarhus", "Aarhus University", "DK", "Aarhus"),
    ("Complutense", "Universidad Complutense de Madrid", "ES", "Madrid"),
    ("Semmelweis", "Semmelweis Egyetem", "HU", "Budapest"),
    ("Sapienza", "Sapienza Università di Roma", "IT", "Rome"),
    ("Karolinska", "Karolinska Institutet", "SE", "Stockholm"),
    ("Maastricht", "Maastricht University", "NL", "Maastricht"),
    ("Univerzita Karlova", "Univerzita Karlova", "CZ", "Prague"),
    ("Ljubljani", "Univerza v Ljubljani", "SI", "Ljubljana"),
]
CLINICAL_PARTNERS = [
    ("Buenos Aires", "Universidad de Buenos Aires", "AR", "Buenos Aires"),
    ("Mendoza", "Universidad de Mendoza", "AR", "Mendoza"),
    ("Ottawa", "University of Ottawa", "CA", "Ottawa"),
    ("Montréal", "Université de Montréal", "CA", "Montréal"),
    ("Albert Einstein", "Albert Einstein College of Medicine", "US", "New York"),
    ("South Florida", "University of South Florida", "US", "Tampa"),
    ("Columbia", "Columbia University", "US", "New York"),
    ("Chicago", "University of Chicago", "US", "Chicago"),
    ("Liverpool", "University of Liverpool", "GB", "Liverpool"),
    ("Cork", "University College Cork", "IE", "Cork"),
    ("Saint-Joseph", "Université Saint-Joseph de Beyrouth", "LB", "Beirut"),
]
UTSW = ("UT Southwestern", "UT Southwestern Medical Center", "US", "Dallas")
NUS = ("Singapore", "National University of Singapore", "SG", "Singapore")


def at(year, month, day, hour=23, minute=59, second=0):
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


def institution(fragment, name, country, city):
    found = (
        Institution.objects.filter(Q(name__icontains=fragment) | Q(local_name__icontains=fragment))
        .order_by("pk")
        .first()
    )
    if found:
        return found
    return Institution.objects.create(name=name, country=country, city=city)


def agreement(inst, kind, year, **defaults):
    found = (
        Agreement.objects.filter(institution=inst, kind=kind)
        .in_force(year)
        .order_by("-valid_to_year", "pk")
        .first()
    )
    if found:
        return found
    return Agreement.objects.create(
        institution=inst, kind=kind, valid_from_year=2024, valid_to_year=2028, is_signed=True, **defaults
    )


def offers(year):
    erasmus = [
        agreement(
            institution(*row),
            AgreementKind.ACADEMIC_EXCHANGE,
            year,
            duration=Duration.SEMESTER_OR_YEAR,
            study_year_min=3,
            study_year_max=4 if i % 3 == 0 else 6,
            outgoing_seats=2,
            incoming_seats=2,
            french_track=False,  # language tracks are for clinical placements
        )
        for i, row in enumerate(ERASMUS_PARTNERS)
    ]
    clinical = [
        agreement(
            institution(*row),
            AgreementKind.CLINICAL_PLACEMENT,
            year,
            duration=Duration.MONTHS_1_3,
            study_year_min=4,
            study_year_max=6,
            outgoing_seats=4,
            incoming_seats=4,
            english_track=True,
        )
        for row in CLINICAL_PARTNERS
    ]
    imep = agreement(
        institution(*UTSW),
        AgreementKind.BILATERAL_EXCHANGE,
        year,
        title="IMEP — International Medical Exchange Program",
        duration=Duration.YEAR,
        study_year_min=4,
        study_year_max=6,
        outgoing_seats=2,
        incoming_seats=2,
        french_track=False,
    )
    nus = agreement(
        institution(*NUS),
        AgreementKind.BILATERAL_EXCHANGE,
        year,
        duration=Duration.SEMESTER,
        study_year_min=3,
        study_year_max=6,
        outgoing_seats=1,
        incoming_seats=1,
        french_track=False,
    )
    return erasmus, clinical, imep, nus
