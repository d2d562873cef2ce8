"""Selection by merit in the demo: every outgoing call has weighted criteria, every submitted
application its marks, and the 2027–28 IMEP call (two seats at UT Southwestern) five applicants
under review, so the allocation page and `allocate_call` show a real contest. The allocation is
left unpublished: staff preview and publish it themselves."""

import hashlib
from decimal import Decimal

from accounts.models import Role, User
from partners.models import Direction

from ..models import Application, Call, Mark, SelectionCriterion, Status
from ..services import selection
from .calls import play
from .offers import at

# (name, weight, marked out of), from the brochure's selection: academic record first, then the
# language, the motivation and (IMEP) the interview with the programme directors.
CRITERIA = {
    "IMEP": [
        ("Grade average", Decimal(3), Decimal(20)),
        ("English level", Decimal(1), Decimal(10)),
        ("Interview with the IMEP directors", Decimal(2), Decimal(20)),
    ],
    "Erasmus+": [
        ("Grade average", Decimal(2), Decimal(20)),
        ("Language level (1 = A1 … 6 = C2)", Decimal(1), Decimal(6)),
        ("Motivation", Decimal(1), Decimal(10)),
    ],
    "Clinical": [
        ("Grade average", Decimal(2), Decimal(20)),
        ("Language level (1 = A1 … 6 = C2)", Decimal(1), Decimal(6)),
        ("Clinical project", Decimal(1), Decimal(10)),
    ],
}

IMEP_CONTENDERS = [
    ("camille.roux@student.iro.example", "Camille", "Roux", "fr"),
    ("lucas.moreau@student.iro.example", "Lucas", "Moreau", "fr"),
    ("amara.diallo@student.iro.example", "Amara", "Diallo", "en"),
]
MARKED_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.WAITLISTED, Status.CONFIRMED,
                 Status.COMPLETED, Status.REJECTED)  # fmt: skip


def _criteria_for(call):
    for prefix, criteria in CRITERIA.items():
        if call.title.startswith(prefix):
            return criteria
    return CRITERIA["Erasmus+"]


def _mark(email, criterion):
    """A mark that is the same at every run (seeded by the student and the criterion)."""
    digest = int(hashlib.sha256(f"{email}|{criterion.name}".encode()).hexdigest(), 16)
    low = criterion.scale_max * Decimal("0.55")
    quarter_steps = int((criterion.scale_max - low) * 4)
    return (low + Decimal(digest % (quarter_steps + 1)) / 4).quantize(Decimal("0.01"))


def enter_marks(staff):
    """Every outgoing call's criteria, and a mark on each for every application past its draft (the
    demo's later steps that submit applications call it again, so that a second seed_demo adds
    nothing). Returns how many marks were entered."""
    marks = 0
    for call in Call.objects.filter(direction=Direction.OUTGOING):
        for order, (name, weight, scale) in enumerate(_criteria_for(call)):
            SelectionCriterion.objects.get_or_create(
                call=call, name=name, defaults={"weight": weight, "scale_max": scale, "order": order}
            )
        criteria = list(call.selection_criteria.all())
        existing = set(
            Mark.objects.filter(application__call=call).values_list("application_id", "criterion_id")
        )
        new = [
            Mark(application=a, criterion=c, value=_mark(a.student.email, c), entered_by=staff)
            for a in Application.objects.filter(call=call, status__in=MARKED_STATES).select_related("student")
            for c in criteria
            if (a.pk, c.pk) not in existing
        ]
        Mark.objects.bulk_create(new)
        marks += len(new)
        selection.refresh_scores(call)
    return marks


def seed(stdout):
    staff = User.objects.filter(email="staff@iro.example").first()
    imep = Call.objects.filter(
        title__startswith="IMEP", academic_year=2027, direction=Direction.OUTGOING
    ).first()
    if imep is not None:
        for email, first, last, language in IMEP_CONTENDERS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={"first_name": first, "last_name": last, "role": Role.STUDENT, "language": language},
            )
            if created:
                user.set_unusable_password()
                user.save()
            play(imep, email, [(Status.UNDER_REVIEW, "")], staff, study_year=5)
        if imep.confirmation_deadline is None:
            imep.confirmation_deadline = at(2027, 1, 15)
            imep.save(update_fields=["confirmation_deadline"])
    marks = enter_marks(staff)
    stdout.write(
        f"Selection by merit: {SelectionCriterion.objects.count()} criteria, {marks} marks entered"
        + (
            f"; allocate the IMEP call in the admin (call {imep.pk}) or with allocate_call {imep.pk}\n"
            if imep
            else "\n"
        )
    )
