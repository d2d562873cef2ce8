"""Demo calls and applications from the Medical School's brochure and UT Southwestern's IMEP page.

Two rounds: the 2026–27 calls (closed; their applications decided) and the 2027–28 calls (the
IMEP deadline is 1 November 2026, as on the UT Southwestern page; Erasmus+ and clinical placements
still open). Partners come from partners.demo when it ran; otherwise what is needed is created here.
Everything goes through the services with explicit instants, so histories look real. Idempotent.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify

from accounts.models import Role, User
from core.demo_files import demo_pdf
from partners.models import AgreementKind, Direction

from .. import services
from ..models import (
    Application,
    Call,
    CriterionCheck,
    DocumentRequirement,
    EligibilityCriterion,
    Period,
    Status,
)
from ..services import records
from ..services.offer import refresh_offer
from .offers import at, offers

DOCS = {
    "transcript": ("Transcript of records", "Your marks for every year so far.", True, "pdf", 5),
    "passport": ("Passport or identity card", "Valid for the whole stay.", True, "pdf,jpeg,png", 5),
    "language": (
        "Language certificate",
        "B2 or higher in the language of teaching (English or the host country's language).",
        True,
        "pdf,jpeg,png",
        5,
    ),
    "cv": ("Curriculum vitae", "", False, "pdf", 2),
    "recommendation": ("Letter of recommendation", "From a clinical teacher.", False, "pdf", 5),
    "global_health": (
        "Global health elective or orientation certificate",
        "The preclinical global-health elective or the orientation of the global health office.",
        True,
        "pdf,jpeg,png",
        5,
    ),
    "funds": (
        "Proof of personal funds",
        "Bank statement or grant letter, needed for the visa.",
        True,
        "pdf,jpeg,png",
        10,
    ),
}


def make_call(title, year, kind, dates, years, max_prefs, exclude, docs, criteria, description):
    """The call offers every agreement of its kind in force (services.offer), but `exclude`; the
    description may name how many partners it offers: `{partners}`."""
    opens, deadline, docs_deadline, decision = dates
    call, _created = Call.objects.update_or_create(
        title=title,
        academic_year=year,
        direction=Direction.OUTGOING,
        defaults={
            "kind": kind,
            "description": description,
            "opens_at": opens,
            "application_deadline": deadline,
            "documents_deadline": docs_deadline,
            "decision_date": decision,
            "study_year_min": years[0],
            "study_year_max": years[1],
            "max_preferences": max_prefs,
            "is_published": True,
        },
    )
    call.excluded_agreements.set(exclude)
    refresh_offer(call)
    if "{partners}" in description:
        Call.objects.filter(pk=call.pk).update(
            description=description.format(partners=call.agreements.values("institution").distinct().count())
        )
        call.refresh_from_db(fields=["description"])
    requirements = {}
    for order, key in enumerate(docs):
        name, help_text, required, kinds, mb = DOCS[key]
        requirements[key], _c = DocumentRequirement.objects.update_or_create(
            call=call,
            name=name,
            defaults={
                "help_text": help_text,
                "required": required,
                "allowed_kinds": kinds,
                "max_size_mb": mb,
                "order": order,
            },
        )
    # Criteria the sources do not give this call go (the IMEP list once sat on the outgoing call).
    EligibilityCriterion.objects.filter(call=call).exclude(text__in=[c[0] for c in criteria]).delete()
    for order, (text, check, doc_key) in enumerate(criteria):
        EligibilityCriterion.objects.update_or_create(
            call=call,
            text=text,
            defaults={"checked_by": check, "document": requirements.get(doc_key), "order": order},
        )
    supervisor = User.objects.filter(email="supervisor@iro.example").first()
    if supervisor:
        call.supervisors.add(supervisor)
    return call


GOOD_STANDING = ("Enrolled at UPCité Medical School and in good standing", CriterionCheck.DECLARATION, None)
STUDY_YEAR = ("Study year within the programme's range", CriterionCheck.STUDY_YEAR, None)
LANGUAGE = ("Language certificate for the language of teaching", CriterionCheck.DOCUMENT, "language")
# For our students going to Dallas (UT Southwestern's own list is for its students coming to Paris:
# mobility.demo.incoming). The brochure: years 4 to 6.
IMEP_OUTGOING_CRITERIA = [
    GOOD_STANDING,
    STUDY_YEAR,
    ("Language certificate for English, the language of teaching", CriterionCheck.DOCUMENT, "language"),
    (
        "Completed the Global Health preclinical elective or the orientation of the global health office",
        CriterionCheck.DOCUMENT,
        "global_health",
    ),
    ("Documented personal funds for the US visa", CriterionCheck.DOCUMENT, "funds"),
]


def make_calls(year):
    """The three outgoing calls for mobility in academic year `year` (e.g. 2027 = 2027–28)."""
    _erasmus, _clinical, imep, nus = offers(year)  # created here if partners.demo did not run
    prev = year - 1
    return {
        "erasmus": make_call(
            "Erasmus+ academic exchanges in Europe",
            year,
            AgreementKind.ACADEMIC_EXCHANGE,
            (at(prev, 11, 2, 9, 0), at(year, 1, 31), at(year, 2, 15), datetime.date(year, 3, 31)),
            (3, 6),
            3,
            [],
            ["transcript", "language", "passport", "cv"],
            [GOOD_STANDING, STUDY_YEAR, LANGUAGE],
            "One semester or a full academic year at one of our {partners} European partner universities, usually "
            "between the 3rd and the 4th year. Rank up to three partners; the office allocates the seats.",
        ),
        "clinical": make_call(
            "Clinical placements abroad",
            year,
            AgreementKind.CLINICAL_PLACEMENT,
            (at(prev, 11, 16, 9, 0), at(year, 2, 15), at(year, 3, 1), datetime.date(year, 4, 15)),
            (4, 6),
            3,
            [],
            ["transcript", "language", "passport", "recommendation"],
            [
                GOOD_STANDING,
                STUDY_YEAR,
                LANGUAGE,
                ("Placement approved by the host department", CriterionCheck.STAFF, None),
            ],
            "Clinical placements of one to three months, during the summer or the school year, for "
            "students in years 4 to 6, on every continent.",
        ),
        "imep": make_call(
            "IMEP — bilateral exchange with UT Southwestern (Dallas)",
            year,
            AgreementKind.BILATERAL_EXCHANGE,
            # 1 November is final for the documents too: "Supporting documentation submitted after
            # the deadline will not be processed" (the IMEP page).
            (at(prev, 9, 1, 9, 0), at(prev, 11, 1), at(prev, 11, 1), datetime.date(year, 1, 1)),
            (4, 6),
            1,
            [nus],
            ["transcript", "language", "global_health", "funds", "passport"],
            IMEP_OUTGOING_CRITERIA,
            "A yearlong exchange with UT Southwestern Medical Center: at least six months of core "
            "clerkships in internal medicine, pediatrics and surgery, the rest in research or other "
            "electives. The exchange starts in July. Applications are due by 1 November of the year "
            "before the exchange and will not be accepted past the deadline; candidates are notified "
            "by 1 January.",
        ),
        "nus": make_call(
            "Academic exchange with the National University of Singapore",
            year,
            AgreementKind.BILATERAL_EXCHANGE,
            (at(prev, 11, 2, 9, 0), at(year, 1, 31), at(year, 2, 15), datetime.date(year, 3, 31)),
            (3, 6),
            1,
            [imep],
            ["transcript", "language", "passport", "cv"],
            [GOOD_STANDING, STUDY_YEAR, LANGUAGE],
            "One semester at the National University of Singapore, our academic exchange partner in "
            "Asia (outside Europe: not Erasmus+). Teaching in English.",
        ),
    }


DEMO_STUDENTS = [
    ("student@iro.example", "Léa", "Dubois", "fr"),
    ("hugo.martin@student.iro.example", "Hugo", "Martin", "fr"),
    ("ines.benali@student.iro.example", "Inès", "Benali", "fr"),
    ("thomas.lefevre@student.iro.example", "Thomas", "Lefèvre", "en"),
    ("chloe.nguyen@student.iro.example", "Chloé", "Nguyen", "fr"),
    ("maxime.girard@student.iro.example", "Maxime", "Girard", "en"),
    ("sarah.cohen@student.iro.example", "Sarah", "Cohen", "fr"),
]


def student(email):
    user = User.objects.get(email=email)
    return user


def ensure_students():
    for email, first, last, language in DEMO_STUDENTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "role": Role.STUDENT, "language": language},
        )
        if created:
            user.set_unusable_password()
            user.save()


MOTIVATION = (
    "I would like to discover how another health system organises its teaching hospitals and how "
    "students take part in patient care. This mobility fits my wish to work in global health and "
    "will improve my clinical English before the national ranking examination."
)


def demo_period(call, n):
    """A period the call offers, varied between students (a July month for placements)."""
    offered = call.offered_periods
    period = offered[n % len(offered)]
    if period == Period.DATES:
        year = call.academic_year + 1
        return {
            "period": period,
            "period_start": datetime.date(year, 7, 1),
            "period_end": datetime.date(year, 7, 31),
        }
    return {"period": period}


def play(call, email, steps, staff, study_year=4, prefs=1, prefer=()):
    """Create one application by replaying what the student and the office did, at those instants."""
    user = student(email)
    if Application.objects.filter(call=call, student=user).exists():
        return
    t = call.opens_at + datetime.timedelta(days=3)
    application = services.start_application(call, by=user, now=t)
    Application.objects.filter(pk=application.pk).update(created=t)
    services.save_draft(
        application,
        by=user,
        now=t,
        data={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_of_birth": datetime.date(2002, 3, 14),
            "nationality": "FR",
            "student_number": f"2100{user.pk:04d}",
            "study_year": study_year,
            "home_institution": "Université Paris Cité — Medical School",
            "good_standing": True,
            **demo_period(call, user.pk),
        },
    )
    if "draft" in steps:
        return
    declarations = [c.pk for c in call.criteria.all() if c.checked_by == CriterionCheck.DECLARATION]
    services.save_draft(
        application, by=user, now=t, data={"motivation": MOTIVATION, "declarations": declarations}
    )
    offered = list(call.eligible_agreements(study_year))
    ranked = [a for f in prefer for a in offered if f in a.institution.name]
    ranked += [a for a in offered if a not in ranked]
    services.set_preferences(application, by=user, now=t, agreements=ranked[:prefs])
    for requirement in call.document_requirements.filter(required=True):
        services.upload_document(
            application,
            requirement,
            ContentFile(demo_pdf(requirement.name), name=f"{slugify(requirement.name)[:40]}.pdf"),
            by=user,
            now=t,
        )
    when = (call.application_deadline - datetime.timedelta(days=5)).replace(hour=10, minute=17)
    services.submit(application, by=user, now=when, notify=False)
    for status, comment in steps:
        when += datetime.timedelta(days=4)
        if status == "documents":
            for document in application.documents.all():
                services.review_document(document, accepted=True, by=staff, now=when, notify=False)
            continue
        if status == "recognised":  # the home school recorded the recognition: completion may follow
            records.mark_recognised(application.mobility_record, at=when)
            continue
        actor = user if status in (Status.CONFIRMED, Status.WITHDRAWN) else staff
        services.transition(application, status, by=actor, comment=comment, now=when, notify=False)


def seed(stdout):
    ensure_students()
    staff = User.objects.filter(email="staff@iro.example").first()
    past, current = make_calls(2026), make_calls(2027)
    R, UR = Status.REJECTED, Status.UNDER_REVIEW
    # 2026–27: decided.
    play(
        past["erasmus"],
        "student@iro.example",
        [
            (UR, ""),
            ("documents", ""),
            (Status.ACCEPTED, "Karolinska Institutet, full year."),
            (Status.CONFIRMED, ""),
        ],
        staff,
        study_year=3,
        prefs=3,
        prefer=["Karolinska", "Leuven", "Maastricht"],
    )
    play(
        past["clinical"],
        "ines.benali@student.iro.example",
        [
            (UR, ""),
            ("documents", ""),
            (Status.ACCEPTED, "Université de Montréal, emergency department, July."),
            (Status.CONFIRMED, ""),
            ("recognised", ""),
            (Status.COMPLETED, ""),
        ],
        staff,
        study_year=5,
        prefer=["Montréal"],
    )
    play(
        past["erasmus"],
        "thomas.lefevre@student.iro.example",
        [(UR, ""), (R, "All seats at your two preferences went to students with stronger records.")],
        staff,
        prefs=2,
        prefer=["Karolinska", "Sapienza"],
    )
    play(
        past["erasmus"],
        "chloe.nguyen@student.iro.example",
        [(UR, ""), (Status.WAITLISTED, "First on the waiting list for Semmelweis.")],
        staff,
        prefer=["Semmelweis"],
    )
    # 2027–28: IMEP under review (decision by 1 January), Erasmus+ and placements open.
    play(
        current["imep"],
        "student@iro.example",
        [(UR, "Interviews with the IMEP programme directors in December.")],
        staff,
        study_year=5,
    )
    play(current["imep"], "hugo.martin@student.iro.example", [(UR, "")], staff, study_year=5)
    play(
        current["imep"],
        "sarah.cohen@student.iro.example",
        [(Status.WITHDRAWN, "I will apply next year.")],
        staff,
        study_year=4,
    )
    play(current["clinical"], "student@iro.example", ["draft"], staff, study_year=5)
    play(current["erasmus"], "maxime.girard@student.iro.example", ["draft"], staff, study_year=3)
    # Every summary (overall eligibility, per-criterion flags, missing documents) from today's rules.
    for call in [*past.values(), *current.values()]:
        services.refresh_call_summaries(call)
    stdout.write(
        f"Mobility: {Call.objects.count()} calls, {Application.objects.count()} applications "
        f"(demo student: student@iro.example)\n"
    )
