"""Demo follow-ups after acceptance (issue 18), for the calls of mobility's demo.

- Erasmus+ grant rates for the calls 2024–2027. **Illustrative values**, in the ranges of the
  Programme Guide for KA131 student mobility (group 1 higher, group 3 lower living costs), not the
  French National Agency's figures: staff enter the real ones in the admin (Grant years).
- Léa Dubois (student@iro.example), confirmed for Karolinska Institutet in 2026–27 (the spring
  semester, 18 January – 11 June 2027): her learning agreement is signed by her and by the IRO and
  waits for Karolinska's signature (Karolinska has no coordinator account in the demo).
- Lucie Moreau, at Heidelberg University (coordinator@iro.example coordinates it) since
  7 September 2026: agreement signed by all three, arrival confirmed by the coordinator, first
  instalment paid.
- Paul Rousseau, two months at Heidelberg (1 September – 31 October 2026, the Erasmus+ minimum for
  studies): agreement signed, stay confirmed, Transcript of Records uploaded, recognition recorded
  (so his application is completed), both instalments paid.

Idempotent: a mobility that already has a learning agreement is left as it is.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role, User
from core.demo_files import demo_pdf
from mobility.demo import selection
from mobility.demo.calls import make_calls, play
from mobility.models import MobilityRecord, Status

from .models import GrantRate, GrantYear, Instalment, LearningAgreement
from .services import agreements, grants, period

PARIS = timezone.get_default_timezone()
RATES = {1: "600.00", 2: "540.00", 3: "490.00"}
NOTE = (
    "Illustrative rates of the demo, in the Programme Guide's ranges: replace them with the "
    "National Agency's rates for the call."
)
KI_TABLE_A = [
    ("2LK050", "Clinical medicine: internal medicine", "Spring 2027", "15"),
    ("2LK051", "Clinical medicine: surgery", "Spring 2027", "15"),
    ("2LK060", "Swedish for exchange students", "Spring 2027", "3"),
]
UPC_TABLE_B = [
    ("DFASM1-UE2", "Médecine interne — stage et enseignement", "S2", "15"),
    ("DFASM1-UE4", "Chirurgie — stage et enseignement", "S2", "15"),
]
HD_TABLE_A = [
    ("MED-HD-11", "Innere Medizin (Internal medicine)", "Winter 2026/27", "15"),
    ("MED-HD-12", "Pädiatrie (Paediatrics)", "Winter 2026/27", "12"),
    ("MED-HD-20", "Global health seminar", "Winter 2026/27", "3"),
]
UPC_TABLE_B_AUTUMN = [
    ("DFASM1-UE1", "Médecine interne", "S1", "15"),
    ("DFASM1-UE3", "Pédiatrie", "S1", "12"),
    ("DFASM1-UE9", "Santé mondiale (élective)", "S1", "3"),
]
STUDENTS = [
    ("lucie.moreau@student.iro.example", "Lucie", "Moreau"),
    ("paul.rousseau@student.iro.example", "Paul", "Rousseau"),
]


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def _rows(table, rows):
    return [
        {"table": table, "code": code, "title": title, "semester": semester, "ects": Decimal(ects)}
        for code, title, semester, ects in rows
    ]


def _grant_years():
    for year in (2024, 2025, 2026, 2027):
        grant_year, _created = GrantYear.objects.get_or_create(call_year=year, defaults={"notes": NOTE})
        for group, rate in RATES.items():
            GrantRate.objects.get_or_create(
                year=grant_year, country_group=group, defaults={"monthly_rate": Decimal(rate)}
            )


def _agreement(record, student, start, end, table_a, table_b, submitted_on):
    agreement = agreements.start_agreement(record, by=student)
    version = agreements.editable_version(agreement, by=student)
    header = {"planned_start": start, "planned_end": end, "language": "English", "language_level": "B2"}
    agreements.save_draft(version, by=student, data=header, components=[*table_a, *table_b])
    return agreements.submit(version, by=student, now=_at(submitted_on))


def _record(email, first, last, staff, prefer):
    User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "role": Role.STUDENT, "language": "fr"}
    )
    call = make_calls(2026)["erasmus"]
    steps = [(Status.UNDER_REVIEW, ""), ("documents", ""), (Status.ACCEPTED, ""), (Status.CONFIRMED, "")]
    play(call, email, steps, staff, study_year=4, prefer=prefer)
    selection.enter_marks(staff)  # marked as every application decided in the mobility demo
    return MobilityRecord.objects.filter(application__student__email=email, application__call=call).first()


def seed(stdout):
    _grant_years()
    staff = User.objects.filter(email="staff@iro.example").first()
    coordinator = User.objects.filter(email="coordinator@iro.example").first()
    lea = MobilityRecord.objects.filter(
        application__student__email="student@iro.example", application__status=Status.CONFIRMED
    ).first()
    if lea is not None and not LearningAgreement.objects.filter(record=lea).exists():
        student = lea.application.student
        # Her year at Karolinska became the spring semester: the dates follow.
        MobilityRecord.objects.filter(pk=lea.pk).update(
            start_date=datetime.date(2027, 1, 18), end_date=datetime.date(2027, 6, 11)
        )
        version = _agreement(
            lea,
            student,
            datetime.date(2027, 1, 18),
            datetime.date(2027, 6, 11),
            _rows("A", KI_TABLE_A),
            _rows("B", UPC_TABLE_B),
            datetime.date(2026, 11, 16),
        )
        agreements.sign(version, by=staff, now=_at(datetime.date(2026, 11, 18)))
    lucie = _record(*STUDENTS[0], staff, ["Heidelberg", "Aarhus"])
    if (
        lucie is not None
        and coordinator is not None
        and not LearningAgreement.objects.filter(record=lucie).exists()
    ):
        student = lucie.application.student
        start, end = datetime.date(2026, 9, 7), datetime.date(2027, 1, 29)
        MobilityRecord.objects.filter(pk=lucie.pk).update(start_date=start, end_date=end)
        version = _agreement(
            lucie,
            student,
            start,
            end,
            _rows("A", HD_TABLE_A),
            _rows("B", UPC_TABLE_B_AUTUMN),
            datetime.date(2026, 6, 2),
        )
        agreements.sign(version, by=staff, now=_at(datetime.date(2026, 6, 4)))
        agreements.sign(version, by=coordinator, now=_at(datetime.date(2026, 6, 9)))
        period.confirm_arrival(lucie, by=coordinator, date=start, now=_at(start, 16))
        grants.record_payment(
            lucie, by=staff, instalment=Instalment.FIRST, paid_on=datetime.date(2026, 6, 20)
        )
    paul = _record(*STUDENTS[1], staff, ["Heidelberg", "Aarhus"])
    if (
        paul is not None
        and coordinator is not None
        and not LearningAgreement.objects.filter(record=paul).exists()
    ):
        student = paul.application.student
        start, end = datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)
        MobilityRecord.objects.filter(pk=paul.pk).update(start_date=start, end_date=end)
        table_a, table_b = _rows("A", HD_TABLE_A[:2]), _rows("B", UPC_TABLE_B_AUTUMN[:2])
        version = _agreement(paul, student, start, end, table_a, table_b, datetime.date(2026, 6, 1))
        agreements.sign(version, by=staff, now=_at(datetime.date(2026, 6, 3)))
        agreements.sign(version, by=coordinator, now=_at(datetime.date(2026, 6, 5)))
        grants.set_top_ups(paul, by=staff, fewer_opportunities=False, green_travel=True)
        grants.record_payment(paul, by=staff, instalment=Instalment.FIRST, paid_on=datetime.date(2026, 6, 20))
        period.confirm_arrival(paul, by=coordinator, date=start, now=_at(start, 17))
        period.confirm_departure(paul, by=coordinator, date=end, now=_at(end, 12))
        tor = ContentFile(
            demo_pdf("Transcript of Records — Heidelberg University"), name="transcript-of-records.pdf"
        )
        tor.content_type = "application/pdf"
        period.upload_transcript(paul, by=coordinator, file=tor, now=_at(datetime.date(2026, 11, 12)))
        version.refresh_from_db()
        grades = {"DFASM1-UE1": "15/20", "DFASM1-UE3": "13,5/20"}
        decisions = {c.pk: (True, grades.get(c.code, "14/20"), "") for c in version.table_b}
        period.record_recognition(paul, by=staff, decisions=decisions, now=_at(datetime.date(2026, 11, 20)))
        grants.record_payment(
            paul, by=staff, instalment=Instalment.FINAL, paid_on=datetime.date(2026, 11, 27)
        )
    stdout.write(
        f"After acceptance: {LearningAgreement.objects.count()} learning agreements, "
        f"{GrantYear.objects.count()} grant years (illustrative rates)\n"
    )
