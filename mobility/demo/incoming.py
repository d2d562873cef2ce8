"""Demo incoming calls and nominations (run after `mobility.demo`, which creates the agreements).

The demo coordinator (coordinator@iro.example, Anna Schneider) coordinates two European partners:
Universität Heidelberg (Erasmus+ academic exchange) and the University of Liverpool (clinical
placements). A UT Southwestern coordinator nominates the IMEP students. Idempotent.
"""

import datetime

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import Role, User
from core.demo_files import demo_pdf
from partners.models import Agreement, AgreementKind, Direction

from .. import services
from ..models import (
    Application,
    Call,
    Clerkship,
    CriterionCheck,
    EligibilityCriterion,
    Nomination,
    NominationStatus,
    NominationTransition,
    Status,
)
from ..services import nominations
from ..services.offer import refresh_offer
from .offers import at, institution

YEAR = 2026  # 2026–27
IMEP_YEAR = 2027  # the IMEP year starts in July: the 2027–28 exchange is nominated in 2026–27

CALLS = [
    # key, title, kind, year, dates, study years, description (the documents are the standard ones)
    (
        "erasmus",
        "Erasmus+ academic exchange at UPCité Medical School (incoming)",
        AgreementKind.ACADEMIC_EXCHANGE,
        YEAR,
        (at(2026, 9, 1, 9, 0), at(2027, 1, 15), at(2027, 1, 31), datetime.date(2027, 2, 15)),
        (3, 6),
        "One semester or a full academic year for students of our Erasmus+ partners, nominated by "
        "their home university: courses and clinical placements in UPCité's teaching hospitals.",
    ),
    (
        "clinical",
        "Clinical placements for partner universities (incoming)",
        AgreementKind.CLINICAL_PLACEMENT,
        YEAR,
        (at(2026, 9, 1, 9, 0), at(2027, 3, 31), at(2027, 4, 15), datetime.date(2027, 4, 30)),
        (4, 6),
        "Clinical placements of 1 to 3 months in the French or the English track, for year 4–6 "
        "students of partner universities, nominated by their home university. Clinical placements "
        "for students of non-partner universities and Erasmus traineeship requests are not accepted.",
    ),
    (
        "imep",
        "IMEP — UT Southwestern students at UPCité (incoming)",
        AgreementKind.BILATERAL_EXCHANGE,
        IMEP_YEAR,
        (at(2026, 9, 1, 9, 0), at(2027, 1, 31), at(2027, 2, 15), datetime.date(2027, 3, 1)),
        (4, 6),
        "The yearlong International Medical Exchange Program with UT Southwestern Medical Center, from "
        "July to July: six months of core clerkships in internal medicine, paediatrics and surgery in "
        "UPCité's teaching hospitals, following UPCité's academic calendar, then two three-month "
        "rotations in lesser-developed countries of the student's choice. Students interested in "
        "research can take electives at the Institut Fédératif de Recherche Necker-Enfants Malades.",
    ),
]


def make_call(title, kind, year, dates, years, description):
    opens, deadline, docs_deadline, decision = dates
    call, _created = Call.objects.update_or_create(
        title=title,
        academic_year=year,
        direction=Direction.INCOMING,
        defaults={
            "kind": kind,
            "description": description,
            "opens_at": opens,
            "application_deadline": deadline,
            "documents_deadline": docs_deadline,
            "decision_date": decision,
            "study_year_min": years[0],
            "study_year_max": years[1],
            "max_preferences": 1,
            "is_published": True,
        },
    )
    # Every agreement of its kind in force with incoming seats, but the other bilateral exchanges
    # (NUS is no IMEP partner).
    if kind == AgreementKind.BILATERAL_EXCHANGE:
        call.excluded_agreements.set(
            Agreement.objects.filter(kind=kind).exclude(institution__name__icontains="Southwestern")
        )
    refresh_offer(call)
    nominations.add_standard_documents(call)
    criteria = [("Study year within the programme's range", CriterionCheck.STUDY_YEAR)]
    if title.startswith("IMEP"):
        criteria += IMEP_CRITERIA
    for order, (text, check) in enumerate(criteria):
        EligibilityCriterion.objects.update_or_create(
            call=call, text=text, defaults={"checked_by": check, "order": order}
        )
    return call


# UT Southwestern's eligibility list for its students coming to Paris (the IMEP page, context/):
# the nomination by its academic office is the coordinator's; the rest staff check on the file.
IMEP_CRITERIA = [
    ("Enrolled at UT Southwestern, pursuing a medical degree, in good standing", CriterionCheck.STAFF),
    ("Completed at least one year of in-hospital clinical training", CriterionCheck.STAFF),
    (
        "Completed the Global Health preclinical elective or the orientation of the Office of Global Health",
        CriterionCheck.STAFF,
    ),
    ("Passed the Alliance Française standardized exam for language proficiency", CriterionCheck.STAFF),
    (
        "Nominated by UT Southwestern's academic office and the Program Directors assigned to the IMEP",
        CriterionCheck.STAFF,
    ),
    (
        "Documented personal funds for the visa and the residence permit (carte de séjour)",
        CriterionCheck.STAFF,
    ),
]


def user(email, first, last, role, language="en"):
    found, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "role": role, "language": language}
    )
    if created:
        found.set_unusable_password()
        found.save()
        EmailAddress.objects.get_or_create(
            user=found, email=email, defaults={"verified": True, "primary": True}
        )
    return found


# (call key, institution fragment, first, last, email, study year, length, track, departments, period, fate)
NOMINEES = [
    ("erasmus", "Heidelberg", "Lena", "Hoffmann", "lena.hoffmann@uni-heidelberg.example", 4, "year", "",
     "Cardiology, internal medicine", ((2026, 9, 1), (2027, 6, 30)), "submitted"),
    ("erasmus", "Heidelberg", "Paul", "Schulz", "paul.schulz@uni-heidelberg.example", 4, "semester", "",
     "", ((2027, 2, 1), (2027, 6, 30)), "withdrawn"),
    ("erasmus", "Heidelberg", "Jonas", "Weber", "jonas.weber@uni-heidelberg.example", 3, "semester", "",
     "Paediatrics", ((2027, 2, 1), (2027, 6, 30)), "draft"),
    ("clinical", "Liverpool", "Oliver", "Jones", "oliver.jones@liverpool.example", 5, "2_months", "english",
     "Emergency medicine, infectious diseases", ((2027, 7, 1), (2027, 8, 31)), "accepted"),
    ("clinical", "Liverpool", "Amelia", "Taylor", "amelia.taylor@liverpool.example", 4, "1_month", "french",
     "Paediatric surgery", ((2027, 6, 1), (2027, 6, 30)), "draft"),
    ("clinical", "Liverpool", "Harry", "Evans", "harry.evans@liverpool.example", 6, "3_months", "english",
     "Cardiology", ((2027, 4, 1), (2027, 6, 30)), "invited"),
    ("imep", "UT Southwestern", "Ethan", "Miller", "ethan.miller@utsw.example", 5, "year", "",
     "Research at the Institut Imagine", ((2027, 7, 1), (2028, 6, 30)), "under_review"),
]  # fmt: skip

IMEP_PLAN = [
    {
        "clerkship": Clerkship.INTERNAL_MEDICINE,
        "months": 2,
        "department": "Hôpital européen Georges-Pompidou",
    },
    {"clerkship": Clerkship.PAEDIATRICS, "months": 2, "department": "Hôpital Necker-Enfants Malades"},
    {"clerkship": Clerkship.SURGERY, "months": 2, "department": "Hôpital Cochin"},
    # UT Southwestern's page: after six months in Paris, two three-month rotations in
    # lesser-developed countries of the student's choice.
    {"clerkship": Clerkship.ELECTIVE, "months": 3, "department": "Rotation abroad: Cusco, Peru"},
    {"clerkship": Clerkship.ELECTIVE, "months": 3, "department": "Rotation abroad: Kumasi, Ghana"},
]


def play(nominee, calls, coordinators, staff):
    key, fragment, first, last, email, study_year, length, track, departments, period, fate = nominee
    call = calls[key]
    if Nomination.objects.filter(call=call, email=email).exists():
        return
    inst = institution(fragment, fragment, "", "")
    coordinator = coordinators[fragment]
    t = call.opens_at + datetime.timedelta(days=10)
    nomination = nominations.nominate(
        call,
        inst,
        by=coordinator,
        now=t,
        notify=False,
        data={
            "first_name": first,
            "last_name": last,
            "email": email,
            "language": "en",
            "study_year": study_year,
            "length": length,
            "track": track,
            "wished_departments": departments,
            "wished_start": datetime.date(*period[0]),
            "wished_end": datetime.date(*period[1]),
        },
    )
    # The services date history rows at `now`, but `created` is the database's clock: backdated
    # here like the transitions, so that every history reads in order (nominated, started, submitted…).
    Nomination.objects.filter(pk=nomination.pk).update(created=t)
    if key == "imep":
        nominations.set_clerkship_plan(nomination, IMEP_PLAN, by=staff)
    if fate == "invited":
        return
    if fate == "withdrawn":
        nominations.withdraw(
            nomination, by=coordinator, comment="The student chose to stay for family reasons."
        )
        NominationTransition.objects.filter(
            nomination=nomination, to_state=NominationStatus.WITHDRAWN
        ).update(at=t + datetime.timedelta(days=20))  # withdraw() takes no date: it is now
        return
    student = user(email, first, last, Role.STUDENT)
    t += datetime.timedelta(days=2)
    application = nominations.claim(nomination, by=student, now=t)
    Application.objects.filter(pk=application.pk).update(created=t)
    services.save_draft(
        application,
        by=student,
        now=t,
        data={
            "date_of_birth": datetime.date(2002, 5, 9),
            "nationality": inst.country or "DE",
            "student_number": f"P{student.pk:06d}",
            "good_standing": True,
            "motivation": (
                "I wish to train in the largest medical school in France, to discover the French health "
                "system and its teaching hospitals, and to improve my clinical French with patients. "
                "My home university nominated me for this exchange within our partnership."
            ),
        },
    )
    if fate == "draft":
        return
    for requirement in call.document_requirements.filter(required=True):
        services.upload_document(
            application,
            requirement,
            ContentFile(demo_pdf(requirement.name), name=f"{requirement.pk}.pdf"),
            by=student,
            now=t,
        )
    services.submit(application, by=student, now=t + datetime.timedelta(days=1), notify=False)
    if fate == "submitted":
        return
    when = t + datetime.timedelta(days=5)
    services.transition(application, Status.UNDER_REVIEW, by=staff, now=when, notify=False)
    if fate == "accepted":
        services.transition(application, Status.ACCEPTED, by=staff, now=when, notify=False)


@transaction.atomic
def seed(stdout):
    staff = User.objects.filter(email="staff@iro.example").first()
    anna = User.objects.filter(email="coordinator@iro.example").first()
    if staff is None or anna is None:
        stdout.write("Incoming mobility: skipped (run accounts.demo first)\n")
        return
    heidelberg = institution("Heidelberg", "Universität Heidelberg", "DE", "Heidelberg")
    liverpool = institution("Liverpool", "University of Liverpool", "GB", "Liverpool")
    utsw = institution("UT Southwestern", "UT Southwestern Medical Center", "US", "Dallas")
    if not anna.coordinated_institutions.exists():
        anna.coordinated_institutions.add(heidelberg, liverpool)
    imep_coordinator = user("imep.coordinator@utsw.example", "Rachel", "Brooks", Role.COORDINATOR)
    utsw.coordinators.add(imep_coordinator)
    calls = {
        key: make_call(title, kind, year, dates, yrs, desc)
        for key, title, kind, year, dates, yrs, desc in CALLS
    }
    coordinators = {"Heidelberg": anna, "Liverpool": anna, "UT Southwestern": imep_coordinator}
    for nominee in NOMINEES:
        if (
            nominee[1] in ("Heidelberg", "Liverpool")
            and not anna.coordinated_institutions.filter(name__icontains=nominee[1]).exists()
        ):
            continue  # partners' demo tied the coordinator elsewhere
        play(nominee, calls, coordinators, staff)
    stdout.write(
        f"Incoming mobility: {len(calls)} incoming calls, {Nomination.objects.count()} nominations "
        f"(partner coordinator: coordinator@iro.example)\n"
    )
