"""Demo mobility records: the brochure's "Student Mobility – Key Figures" tables, record by record.

The key-figures page counts these records; nothing on it is typed in. Idempotent: each demo record
has a reference, so running it again adds nothing. Also renders the acceptance letters of the demo
applications that are accepted (the service is idempotent too).
"""

import datetime
import random

from partners.models import AgreementKind, Direction

from ..models import SEAT_STATES, AcceptanceLetter, Application, MobilityRecord, RecordSource
from ..services import records
from .offers import institution

AE, CP = AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.CLINICAL_PLACEMENT
OUT, IN = Direction.OUTGOING, Direction.INCOMING
YEARS = [2021, 2022, 2023, 2024]
# The brochure's tables (its clinical-placements table repeats "2023-2024" for its last column:
# it is 2024–2025).
FIGURES = {
    (AE, OUT): [21, 48, 36, 46],
    (AE, IN): [89, 56, 60, 66],
    (CP, OUT): [110, 144, 196, 273],
    (CP, IN): [34, 124, 196, 150],
}
# (name fragment to find an existing partner, full name, country, city) — from the brochure.
EXCHANGE_PARTNERS = [
    ("Freie Universität Berlin", "Freie Universität Berlin (La Charité)", "DE", "Berlin"),
    ("Heidelberg", "Universität Heidelberg", "DE", "Heidelberg"),
    ("Innsbruck", "Medizinische Universität Innsbruck", "AT", "Innsbruck"),
    ("Antwerpen", "Universiteit Antwerpen", "BE", "Antwerp"),
    ("Libre de Bruxelles", "Université Libre de Bruxelles", "BE", "Brussels"),
    ("Leuven", "KU Leuven", "BE", "Leuven"),
    ("Louvain", "Université Catholique de Louvain", "BE", "Louvain-la-Neuve"),
    ("Sofia", "Medical University Sofia", "BG", "Sofia"),
    ("Aarhus", "Aarhus University", "DK", "Aarhus"),
    ("Cádiz", "Universidad de Cádiz", "ES", "Cádiz"),
    ("Francisco de Vitoria", "Universidad Francisco de Vitoria", "ES", "Madrid"),
    ("Complutense", "Universidad Complutense de Madrid", "ES", "Madrid"),
    ("Kapodistria", "Ethniko Kai Kapodistriako Panepistimio Athinon", "GR", "Athens"),
    ("Semmelweis", "Semmelweis Egyetem", "HU", "Budapest"),
    ("University College Dublin", "University College Dublin", "IE", "Dublin"),
    ("Firenze", "Università degli Studi di Firenze", "IT", "Florence"),
    ("Pavia", "Università degli Studi di Pavia", "IT", "Pavia"),
    ("Pisa", "Università di Pisa", "IT", "Pisa"),
    ("Sacro Cuore", "Università Cattolica del Sacro Cuore", "IT", "Rome"),
    ("Sapienza", "Sapienza Università di Roma", "IT", "Rome"),
    ("Warszawski", "Warszawski Uniwersytet Medyczny", "PL", "Warsaw"),
    ("Lisboa", "Universidade de Lisboa", "PT", "Lisbon"),
    ("Karlova", "Univerzita Karlova", "CZ", "Prague"),
    ("Transilvania", "Universitatea Transilvania din Brasov", "RO", "Brașov"),
    ("Carol Davila", "Universitatea de Medicină și Farmacie Carol Davila", "RO", "Bucharest"),
    ("Manchester", "The University of Manchester", "GB", "Manchester"),
    ("Ljubljani", "Univerza v Ljubljani", "SI", "Ljubljana"),
    ("Karolinska", "Karolinska Institutet", "SE", "Stockholm"),
    ("Maastricht", "Maastricht University", "NL", "Maastricht"),
    ("National University of Singapore", "National University of Singapore", "SG", "Singapore"),
]
PLACEMENT_PARTNERS = [
    ("Mendoza", "Universidad de Mendoza", "AR", "Mendoza"),
    ("Buenos Aires", "Universidad de Buenos Aires", "AR", "Buenos Aires"),
    ("Ottawa", "University of Ottawa", "CA", "Ottawa"),
    ("Montréal", "Université de Montréal", "CA", "Montréal"),
    ("Albert Einstein", "Albert Einstein College of Medicine", "US", "New York"),
    ("South Florida", "University of South Florida", "US", "Tampa"),
    ("Columbia", "Columbia University", "US", "New York"),
    ("Chicago", "University of Chicago", "US", "Chicago"),
    ("Liverpool", "University of Liverpool", "GB", "Liverpool"),
    ("Cork", "University College Cork", "IE", "Cork"),
    ("University College Dublin", "University College Dublin", "IE", "Dublin"),
    ("Saint-Joseph", "Université Saint-Joseph de Beyrouth", "LB", "Beirut"),
]
# Outgoing clinical electives also go to hosts that are not partners, on every continent.
ELECTIVE_COUNTRIES = [
    "SN", "CI", "MA", "TN", "DZ", "CM", "BJ", "MG", "MU", "RE", "VN", "KH", "LA", "TH", "IN", "NP", "JP",
    "CN", "KR", "AU", "NZ", "PE", "BO", "CL", "BR", "MX", "CO", "EC", "HT", "GF", "PF", "NC", "CH", "BE",
    "ES", "PT", "IT", "GB", "DE", "CA", "US", "LB", "IL", "EG", "ZA", "GH", "RW", "ET", "KE", "TZ", "BF",
]  # fmt: skip
FIRST = [
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Camille", "Louis", "Sarah", "Gabriel", "Inès", "Jules",
    "Emma", "Adam", "Zoé", "Raphaël", "Anna", "Arthur", "Lina", "Paul", "Sofia", "Marco", "Elena", "Jan",
    "Marta", "Lukas", "Aoife", "Nikos", "Ana", "Tomás", "Julia", "Mateo", "Priya", "Wei", "Amara", "Omar",
]  # fmt: skip
LAST = [
    "Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefebvre", "Garnier", "Rousseau", "Fontaine", "Chevalier",
    "Rossi", "Bianchi", "García", "Fernández", "Schneider", "Novak", "Kowalska", "Papadopoulos", "Murphy",
    "Jansen", "Silva", "Horváth", "Ionescu", "Lindqvist", "Tan", "Haddad", "Diallo", "Nguyen", "Petrov",
]  # fmt: skip
ELECTIVE_HOSTS = ["Hôpital universitaire", "University Hospital", "Hospital Regional", "Centre hospitalier"]


def _period(programme, year, rng):
    if programme == AE:
        if rng.random() < 0.6:  # one semester or the full year
            return datetime.date(year, 9, 1), datetime.date(year + 1, 1, 31)
        return datetime.date(year, 9, 1), datetime.date(year + 1, 6, 30)
    month = rng.choice([7, 7, 8, 8, 10, 1, 3])
    start_year = year if month >= 9 else year + 1
    start = datetime.date(start_year, month, 1)
    months = rng.choice([1, 1, 2, 3])
    end_month = month + months
    end = datetime.date(start_year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - datetime.timedelta(
        days=1
    )
    return start, end


def _records(exchange, placement):
    rng = random.Random(2021)
    for (programme, direction), counts in FIGURES.items():
        tag = f"{'ae' if programme == AE else 'cp'}-{'out' if direction == OUT else 'in'}"
        for year, n in zip(YEARS, counts, strict=True):
            for i in range(n):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                start, end = _period(programme, year, rng)
                partners = exchange if programme == AE else placement
                partner = partners[(i * 7 + year) % len(partners)]
                if programme == CP and direction == OUT and i % 5 >= 3:
                    country = ELECTIVE_COUNTRIES[(i + year) % len(ELECTIVE_COUNTRIES)]
                    yield MobilityRecord(
                        reference=f"DEMO-{year}-{tag}-{i + 1:03d}",
                        student_name=name,
                        direction=direction,
                        programme=programme,
                        institution=None,
                        institution_name=f"{ELECTIVE_HOSTS[i % len(ELECTIVE_HOSTS)]} ({country})",
                        country=country,
                        academic_year=year,
                        start_date=start,
                        end_date=end,
                        source=RecordSource.DEMO,
                    )
                    continue
                yield MobilityRecord(
                    reference=f"DEMO-{year}-{tag}-{i + 1:03d}",
                    student_name=name,
                    direction=direction,
                    programme=programme,
                    institution=partner,
                    institution_name=partner.name,
                    country=partner.country,
                    academic_year=year,
                    start_date=start,
                    end_date=end,
                    source=RecordSource.DEMO,
                )


def seed(stdout):
    exchange = [institution(*row) for row in EXCHANGE_PARTNERS]
    placement = [institution(*row) for row in PLACEMENT_PARTNERS]
    existing = set(
        MobilityRecord.objects.filter(source=RecordSource.DEMO).values_list("reference", flat=True)
    )
    new = [r for r in _records(exchange, placement) if r.reference not in existing]
    MobilityRecord.objects.bulk_create(new, batch_size=500)
    letters = 0
    for application in Application.objects.filter(status__in=SEAT_STATES, acceptance_letter__isnull=True):
        if records.generate_acceptance_letter(application.pk) is not None:
            letters += 1
    stdout.write(
        f"Key figures: {MobilityRecord.objects.count()} mobility records ({len(new)} new), "
        f"{AcceptanceLetter.objects.count()} acceptance letters ({letters} new)\n"
    )
