"""Demo summer schools from the brochure, with registrations in every state. Idempotent.

The brochure's two schools ran on 6–17 July 2026 (past editions, with certificates issued); the
2027 editions and the Circle U. "Rethinking Global Health" school are open for registration so
that the catalogue, the registration form and the waiting list can be tried.

What the brochure does not say is a demo assumption, kept plausible: the 2027 dates, the Circle U.
school's week in July, its hours and credits, and its fee of €450 for participants from outside
the alliance (the brochure only says it is free for the alliance's member universities), the
email domains of the alliance's universities (their public web domains) and the demo waiver code
DEMO_WAIVER_CODE, issued to the Circle U. office in Oslo.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from accounts.models import Role, User
from core.demo_files import demo_pdf
from partners.models import Institution, Network

from . import services
from .models import LevelOfStudy, Registration, State, SummerSchool, WaiverCode

PARIS = ZoneInfo("Europe/Paris")
CONTACT = "summerschool.medicine@u-paris.fr"
LOCATIONS = "Faculty of Medicine\niLumens Simulation Center\nFrench Society of Radiology"
AFGSU = "AFGSU 2 life-support diploma (official BLS certification for healthcare professionals)"

AI_TEXT = (
    "A two-week programme, conducted entirely in English, on artificial intelligence and digital "
    "innovation in medicine: medical imaging and radiology with the French Society of Radiology, "
    "clinical decision support, data science on health data, and the ethics and regulation of AI "
    "in healthcare. Designed and supervised by an internationally renowned teaching team, it "
    "combines academic excellence, practical learning and French medical expertise."
)
HANDS_ON_TEXT = (
    "A two-week programme, conducted entirely in English, of hands-on training in clinical medicine "
    "and emergencies: simulation sessions at the iLumens Simulation Center, clinical reasoning "
    "workshops at the Faculty of Medicine and emergency care. Participants also obtain the AFGSU 2 "
    "diploma, the official basic life support certification designed for healthcare professionals."
)
AUDIENCE = "Students of medicine and health sciences, engineers and data scientists"
GLOBAL_HEALTH_TEXT = (
    "Organised and coordinated by UPCité within the Circle U. alliance of nine European "
    "universities, the “Rethinking Global Health” summer school has taken place every July since "
    "2022. Open to all disciplines and taught in English, it is free of charge for the member "
    "universities of the alliance."
)

# Proof of membership for the Circle U. waiver: a verified address at one of these domains.
CIRCLE_U_DOMAINS = {
    "Aarhus University": "au.dk",
    "University of Belgrade": "bg.ac.rs",
    "Humboldt-Universität zu Berlin": "hu-berlin.de",
    "King's College London": "kcl.ac.uk",
    "UCLouvain": "uclouvain.be",
    "University of Milan": "unimi.it",
    "University of Oslo": "uio.no",
    "Université Paris Cité": "u-paris.fr",
    "University of Vienna": "univie.ac.at",
}
DEMO_WAIVER_CODE = "CRCU-OSLO-2027"

CIRCLE_U_MEMBERS = [
    ("Aarhus University", "DK", "Aarhus"),
    ("Humboldt-Universität zu Berlin", "DE", "Berlin"),
    ("University of Oslo", "NO", "Oslo"),
]


def _at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def _school(slug, **fields):
    school, _ = SummerSchool.objects.update_or_create(slug=slug, defaults=fields)
    return school


def _brochure_school(
    slug, year, start, end, title, theme, text, fee, capacity, extra="", opens=None, closes=None
):
    return _school(
        slug,
        title=title,
        theme=theme,
        description=text,
        audience=AUDIENCE,
        starts_on=start,
        ends_on=end,
        locations=LOCATIONS,
        language="English",
        capacity=capacity,
        fee=Decimal(fee),
        ects=Decimal("5"),
        hours=60,
        extra_certification=extra,
        registration_opens=opens or _at(datetime.date(year - 1, 11, 2)),
        registration_closes=closes or _at(datetime.date(year, 5, 31), 23),
        contact_email=CONTACT,
        signatory_name="Prof. Victoire de Lastours",
        signatory_title="Academic Head, International Relations",
    )


def _participant(n):
    first = ["Sofia", "Jonas", "Marta", "Luca", "Ingrid", "Pieter", "Zeynep", "Tomás", "Aiko", "Nadia",
             "Karl", "Elena", "Omar", "Freya", "Milan", "Chiara"][n % 16]  # fmt: skip
    user, created = User.objects.get_or_create(
        email=f"participant{n:02d}@iro.example",
        defaults={"first_name": first, "last_name": f"Demo{n:02d}", "role": Role.STUDENT},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


# Where the demo's participants study: partners of the school (picked from the list when the
# partners' demo created them, typed in otherwise, as a participant from elsewhere would).
HOME_UNIVERSITIES = [
    "Heidelberg University",
    "KU Leuven",
    "Aarhus University",
    "Complutense University of Madrid",
    "Charité – Universitätsmedizin Berlin",
    "Medical University of Innsbruck",
    "University of Antwerp",
    "Université libre de Bruxelles",
]


def _home(n):
    name = HOME_UNIVERSITIES[n % len(HOME_UNIVERSITIES)]
    institution = Institution.objects.filter(name=name).first()
    return {"institution": institution} if institution else {"name": name}


def _data(institution=None, name="", level=LevelOfStudy.GRADUATE, field="Medicine"):
    return {
        "institution": institution,
        "institution_name": name,
        "field_of_study": field,
        "level_of_study": level,
        "motivation": "I would like to deepen my clinical and digital skills with an international group.",
        "address": "12 Example Street\n00000 Example City",
    }


def _register(school, user, when, **data):
    return services.register(
        school,
        user,
        data=_data(**data),
        cv=ContentFile(demo_pdf("Curriculum vitae"), name="cv.pdf"),
        now=when,
    )


def _circle_u():
    network = Network.objects.filter(slug="circle-u").first()
    if network is None:
        network, _ = Network.objects.get_or_create(slug="circle-u", defaults={"name": "Circle U."})
    if not network.members.exists():
        for name, country, city in CIRCLE_U_MEMBERS:
            inst = Institution.objects.filter(name=name).first() or Institution.objects.create(
                name=name, country=country, city=city
            )
            network.members.add(inst)
    return network


def seed(stdout):
    staff = (
        User.objects.filter(email="staff@iro.example").first() or User.objects.filter(is_staff=True).first()
    )
    student = User.objects.filter(email="student@iro.example").first()
    network = _circle_u()
    member = network.members.order_by("name").first()

    ai_2026 = _brochure_school(
        "ai-digital-innovation-medicine-2026", 2026, datetime.date(2026, 7, 6), datetime.date(2026, 7, 17),
        "Artificial Intelligence and Digital Innovation in Medicine", "Summer school 2026", AI_TEXT, "2500", 30,
    )  # fmt: skip
    hands_2026 = _brochure_school(
        "hands-on-clinical-medicine-emergencies-2026", 2026, datetime.date(2026, 7, 6), datetime.date(2026, 7, 17),
        "Hands-on Training in Clinical Medicine and Emergencies", "Summer school 2026", HANDS_ON_TEXT, "3100", 24,
        extra=AFGSU,
    )  # fmt: skip
    ai_2027 = _brochure_school(
        "ai-digital-innovation-medicine-2027", 2027, datetime.date(2027, 7, 5), datetime.date(2027, 7, 16),
        "Artificial Intelligence and Digital Innovation in Medicine (2027)", "Summer school 2027", AI_TEXT, "2500", 30,
    )  # fmt: skip
    hands_2027 = _brochure_school(
        "hands-on-clinical-medicine-emergencies-2027", 2027, datetime.date(2027, 7, 5), datetime.date(2027, 7, 16),
        "Hands-on Training in Clinical Medicine and Emergencies (2027)", "Summer school 2027", HANDS_ON_TEXT, "3100", 6,
        extra=AFGSU,
    )  # fmt: skip
    global_health = _school(
        "circle-u-rethinking-global-health-2027",
        title="Rethinking Global Health — Circle U. summer school",
        theme="Circle U. alliance summer school",
        description=GLOBAL_HEALTH_TEXT,
        audience="PhD students and researchers, all disciplines",
        starts_on=datetime.date(2027, 7, 5),
        ends_on=datetime.date(2027, 7, 9),
        locations="Faculty of Medicine",
        language="English",
        capacity=40,
        fee=Decimal("450"),
        ects=Decimal("5"),
        hours=35,
        extra_certification="",
        registration_opens=_at(datetime.date(2026, 11, 2)),
        registration_closes=_at(datetime.date(2027, 5, 31), 23),
        contact_email=CONTACT,
        signatory_name="Prof. Victoire de Lastours",
        signatory_title="Academic Head, International Relations",
    )
    global_health.waiver_networks.add(network)
    for name, domain in CIRCLE_U_DOMAINS.items():
        Institution.objects.filter(name=name, email_domains="").update(email_domains=domain)
    WaiverCode.objects.get_or_create(
        code=DEMO_WAIVER_CODE,
        defaults={
            "network": network,
            "offering": global_health,
            "issued_to": "Circle U. office, University of Oslo",
            "max_uses": 5,
            "expires_on": datetime.date(2027, 5, 31),
            "created_by": staff,
        },
    )

    # Past editions: everybody paid and came; most completed, their certificates are issued.
    if not Registration.objects.filter(offering__in=[ai_2026, hands_2026]).exists():
        completed = []
        for i, school in enumerate([ai_2026, hands_2026]):
            when = _at(datetime.date(2026, 2, 10 + i))
            people = [_participant(n) for n in range(i * 4, i * 4 + 4)]
            if student is not None and i == 0:
                people[0] = student
            for k, person in enumerate(people):
                home = {"name": "Université Paris Cité"} if person == student else _home(i * 4 + k)
                reg = _register(school, person, when + datetime.timedelta(hours=k), **home)
                paid_on = datetime.date(2026, 3, 2 + k)
                services.record_payment(
                    reg,
                    amount=reg.fee,
                    paid_on=paid_on,
                    bank_reference=f"VIR-2026-{school.pk:03d}-{k + 1:03d}",
                    by=staff,
                    at=_at(paid_on + datetime.timedelta(days=1)),  # recorded from the next statement
                )
                reg.refresh_from_db()
                if k < 3:
                    completed.append(reg)
                else:
                    services.mark_not_completed([reg], by=staff, comment="Absent for the second week.")
        # Completed the day after the last school ended (the histories read in order).
        ended = max(r.offering.ends_on for r in completed)
        services.mark_completed(completed, by=staff, now=_at(ended + datetime.timedelta(days=1), 10))

    # 2027 editions: open for registration, one of them full with a waiting list.
    if not Registration.objects.filter(offering__in=[ai_2027, hands_2027, global_health]).exists():
        opened = hands_2027.registration_opens
        for n in range(8, 16):
            reg = _register(
                hands_2027, _participant(n), opened + datetime.timedelta(days=1, hours=n), **_home(n)
            )
            if reg.state == State.ACCEPTED and n < 11:
                services.record_payment(
                    reg, amount=reg.fee, paid_on=datetime.date(2026, 11, 20), bank_reference=f"VIR-2027-H-{n:03d}",
                    by=staff,
                )  # fmt: skip
        if student is not None:
            _register(ai_2027, student, opened + datetime.timedelta(days=3), name="Université Paris Cité")
            if member is not None:
                _register(
                    global_health, _participant(16), opened + datetime.timedelta(days=4),
                    institution=member, level=LevelOfStudy.PHD, field="Public health",
                )  # fmt: skip
        _register(ai_2027, _participant(17), opened + datetime.timedelta(days=5), name="Politecnico di Milano",
                  level=LevelOfStudy.GRADUATE, field="Biomedical engineering")  # fmt: skip

    statement = _demo_statement()
    stdout.write(f"Bank statement to try the matching (admin: Bank statement lines → Import): {statement}\n")
    stdout.write(
        f"Summer schools: {SummerSchool.objects.count()} "
        f"({Registration.objects.filter(offering__kind='summer_school').count()} registrations); "
        f"Circle U. waiver code to try: {DEMO_WAIVER_CODE}"
    )


def _demo_statement():
    """A CSV bank statement paying the registrations still awaiting payment (one in part, one line
    with no reference to assign by hand), written under PRIVATE_MEDIA_ROOT/demo/ for staff to import."""
    import csv
    from pathlib import Path

    from django.conf import settings

    awaiting = list(Registration.objects.filter(state=State.ACCEPTED).order_by("pk")[:4])
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "demo" / "bank-statement.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Date", "Amount", "Reference", "Payer", "Transaction ID"])
        for n, reg in enumerate(awaiting):
            amount = reg.fee if n else reg.fee / 2
            writer.writerow(
                ["2026-11-27", f"{amount:.2f}", f"Summer school {reg.transfer_reference}", reg.participant.display_name,
                 f"DEMO-{reg.pk}"]
            )  # fmt: skip
        writer.writerow(
            ["2026-11-27", "450.00", "registration Rethinking Global Health", "K. Nordmann", "DEMO-X1"]
        )
    return path
