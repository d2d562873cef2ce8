"""Nominations of incoming students by partner coordinators, and their incoming applications.

Seats: each active nomination (invited or started) takes one of the agreement's incoming seats for
the call's academic year. The agreement row is locked (`select_for_update`) while counting, so two
coordinators clicking at once cannot both take the last seat.

Invitation links: whoever follows a valid, unclaimed link while logged in as a student claims the
nomination (the unguessable token is proof of access to the invited mailbox; students may sign up
with another address than the one their coordinator knows). Once claimed, the link only works for
that student.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import academic
from core.emails import send_templated_email
from core.templatetags.paris_time import paris
from partners.models import Agreement, AgreementKind, Direction

from ..models import (
    ACTIVE_NOMINATION_STATES,
    LENGTHS_BY_KIND,
    Application,
    ClerkshipRotation,
    DocumentRequirement,
    Nomination,
    NominationStatus,
    NominationTransition,
    Preference,
    Status,
)
from ..models.comments import NOMINATION_WITHDRAWN
from ..rules import is_decider
from ..selectors.nominations import (
    agreement_for,
    clerkship_plan_problems,
    has_clerkship_plan,
    invitation_url,
    nomination_for_token,
)
from ..selectors.seats import seats_left
from .applications import transition
from .eligibility import refresh_summary
from .errors import DeadlinePassed, NominationError

INVITATION_EMAIL = "mobility/email/nomination_invitation"


# Why a length is refused, in the words of each programme whose lengths are fixed (LENGTHS_BY_KIND).
LENGTH_REFUSALS = {
    AgreementKind.ACADEMIC_EXCHANGE: gettext_lazy(
        "An academic exchange lasts one semester or a full academic year."
    ),
    AgreementKind.CLINICAL_PLACEMENT: gettext_lazy("A clinical placement lasts one to three months."),
    AgreementKind.BILATERAL_EXCHANGE: gettext_lazy("The IMEP exchange lasts a full year."),
}


def _check_programme(call, agreement, data):
    length, track = data.get("length"), data.get("track") or ""
    if call.kind in LENGTHS_BY_KIND and length not in LENGTHS_BY_KIND[call.kind]:
        raise NominationError(LENGTH_REFUSALS[call.kind])
    if call.kind == AgreementKind.CLINICAL_PLACEMENT and not track:
        raise NominationError(_("Choose the French or the English track."))
    if (track == "french" and not agreement.french_track) or (
        track == "english" and not agreement.english_track
    ):
        raise NominationError(_("This agreement does not offer that language track."))
    study_year = data.get("study_year")
    if study_year and not (agreement.study_year_min <= study_year <= agreement.study_year_max):
        raise NominationError(
            _("The agreement with %(partner)s is for students in study years %(years)s.")
            % {"partner": agreement.institution, "years": agreement.study_years_display}
        )
    if data["wished_end"] < data["wished_start"]:
        raise NominationError(_("The wished period ends before it starts."))


@transaction.atomic
def nominate(call, institution, *, by, data: dict, now=None, notify=True) -> Nomination:
    """Nominate one student of `institution` for `call`, within the agreement's incoming seats.

    `data`: first_name, last_name, email, language, study_year, length, track, wished_departments,
    wished_start, wished_end. Sends the invitation once the transaction commits.
    """
    now = now or timezone.now()
    if not (by and by.is_authenticated and by.is_coordinator):
        raise PermissionDenied(_("Only partner coordinators nominate students."))
    if not institution.coordinators.filter(pk=by.pk).exists():
        raise PermissionDenied(_("You are not a coordinator of this institution."))
    if call.direction != Direction.INCOMING:
        raise NominationError(_("Students are only nominated for incoming calls."))
    if not call.is_open(now):
        raise NominationError(
            _("Nominations for %(call)s are closed (deadline %(deadline)s).")
            % {"call": call.title, "deadline": paris(call.application_deadline)}
        )
    agreement = agreement_for(call, institution)
    if agreement is None:
        raise NominationError(
            _("%(partner)s has no agreement in force for %(kind)s in %(year)s: no student can be nominated.")
            % {"partner": institution, "kind": call.get_kind_display(), "year": call.academic_year_label}
        )
    _check_programme(call, agreement, data)
    # Lock the agreement row: concurrent nominations for it queue here, and each counts the others.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    email = data["email"].strip().lower()
    if Nomination.objects.filter(
        call=call, email__iexact=email, status__in=ACTIVE_NOMINATION_STATES
    ).exists():
        raise NominationError(_("%(email)s is already nominated for this call.") % {"email": email})
    left = seats_left(agreement, Direction.INCOMING, call.academic_year)
    if left <= 0:
        raise NominationError(
            _(
                "No seat left: the agreement with %(partner)s offers %(seats)s incoming seat(s) for %(year)s and all are taken. Withdraw a nomination first or contact the IRO."
            )
            % {
                "partner": institution,
                "seats": agreement.seats(Direction.INCOMING, call.academic_year),
                "year": academic.label(call.academic_year),
            }
        )
    fields = {k: data.get(k) or "" for k in ("first_name", "last_name", "track", "wished_departments")}
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                call=call,
                agreement=agreement,
                nominated_by=by,
                email=email,
                language=data.get("language") or "en",
                study_year=data["study_year"],
                length=data["length"],
                wished_start=data["wished_start"],
                wished_end=data["wished_end"],
                invited_at=now,
                **fields,
            )
    except IntegrityError as exc:
        raise NominationError(_("%(email)s is already nominated for this call.") % {"email": email}) from exc
    NominationTransition.record(nomination, "", NominationStatus.INVITED, by=by, at=now)
    if notify:
        send_invitation(nomination)
    return nomination


def send_invitation(nomination):
    with translation.override(nomination.language):
        send_templated_email(
            nomination.email,
            INVITATION_EMAIL,
            {
                "nomination": nomination,
                "call": nomination.call,
                "institution": nomination.agreement.institution,
                "coordinator": nomination.nominated_by,
                "url": invitation_url(nomination),
            },
        )


@transaction.atomic
def withdraw(nomination, *, by, comment="") -> Nomination:
    """The coordinator takes a nomination back, which frees its seat; only before the student submits."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",)).select_related("application").get(pk=nomination.pk)
    )
    if not (
        by and by.is_coordinator and nomination.agreement.institution.coordinators.filter(pk=by.pk).exists()
    ):
        raise PermissionDenied(_("Only a coordinator of the student's institution withdraws a nomination."))
    application = nomination.application
    if nomination.application_submitted:
        raise NominationError(
            _("%(name)s has already submitted their application: ask the IRO to withdraw it.")
            % {"name": nomination.full_name}
        )
    NominationTransition.move(nomination, NominationStatus.WITHDRAWN, by=by, comment=comment)
    if application is not None:
        transition(
            application,
            Status.WITHDRAWN,
            by=None,
            comment=NOMINATION_WITHDRAWN(),
        )
    return nomination


@transaction.atomic
def refuse(nomination, *, by, comment="") -> Nomination:
    """IRO staff refuse a nomination (e.g. the student does not meet the programme's rules)."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff refuse a nomination."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    NominationTransition.move(nomination, NominationStatus.REFUSED, by=by, comment=comment)
    if nomination.application_id and nomination.application.is_unreviewed:
        transition(nomination.application, Status.WITHDRAWN, by=None, comment=comment)
    return nomination


# The invitation a visitor followed before logging in or signing up: allauth's signup, email
# verification and login do not carry `next` through the verification link, so the student's
# dashboard sends them back to it once they are logged in.
PENDING_INVITATION_KEY = "mobility_pending_invitation"


def remember_invitation(session, nomination):
    session[PENDING_INVITATION_KEY] = nomination.token


def take_pending_invitation(session, user):
    """The invitation this browser followed before logging in, if `user` may still accept it."""
    token = session.pop(PENDING_INVITATION_KEY, None)
    if not token or not getattr(user, "is_student", False):
        return None
    nomination = nomination_for_token(token)
    if nomination is None or not nomination.is_active or nomination.student_id not in (None, user.pk):
        return None
    if nomination.application_submitted:
        return None
    return nomination


@transaction.atomic
def claim(nomination, *, by, now=None) -> Application:
    """The logged-in student following the invitation (`by`) gets the incoming application (see module doc)."""
    student = by
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nomination.is_active:
        raise NominationError(
            _("This nomination was withdrawn: contact the coordinator of your home university.")
        )
    if not student.is_student:
        raise NominationError(_("Only a student account can accept this invitation. Log out and sign up."))
    if nomination.student_id and nomination.student_id != student.pk:
        raise PermissionDenied(_("This invitation was already accepted by another account."))
    if nomination.application_id:
        return nomination.application
    return start_incoming_application(nomination, by=student, now=now)


def start_incoming_application(nomination, *, by, now=None) -> Application:
    """Create the nominee's (`by`) draft incoming application, pre-filled from the nomination.

    Mobility I's `start_application` refuses incoming calls on purpose: the nomination is the
    permission, so this is the one way an incoming application comes to exist.
    """
    now, student = now or timezone.now(), by
    call = nomination.call
    if now > call.application_deadline:
        raise DeadlinePassed(
            _("The application deadline (%(deadline)s) has passed.")
            % {"deadline": paris(call.application_deadline)}
        )
    if Application.objects.filter(call=call, student=student).exists():
        raise NominationError(_("You already have an application to this call."))
    application = Application.objects.create(
        call=call,
        student=student,
        direction=Direction.INCOMING,
        first_name=nomination.first_name,
        last_name=nomination.last_name,
        study_year=nomination.study_year,
        home_institution=nomination.agreement.institution.name,
        allocated_agreement=nomination.agreement,
    )
    # The home institution is the one "preference" of an incoming student (Mobility I's submission
    # checks ask for one).
    call.agreements.add(nomination.agreement)
    Preference.objects.create(application=application, rank=1, agreement=nomination.agreement)
    nomination.student, nomination.application = student, application
    NominationTransition.move(
        nomination, NominationStatus.CLAIMED, by=student, at=now, update_fields=["student", "application"]
    )
    refresh_summary(application)
    application.refresh_from_db()
    return application


# What the office asks of every incoming student (name, explanation, required, allowed types).
INCOMING_DOCUMENTS = {
    "transcript": ("Transcript of records", "From your home university, every year so far.", True, "pdf"),
    "language": (
        "Language certificate for your track",
        "French track: B2 in French (e.g. DELF B2 or Alliance Française exam). English track: B2 in English.",
        True,
        "pdf,jpeg,png",
    ),
    "insurance": (
        "Health and liability insurance",
        "Valid in France for the whole stay, including professional liability in hospital.",
        True,
        "pdf,jpeg,png",
    ),
    "immunization": (
        "Immunization record",
        "Hepatitis B, measles, tuberculosis test and the other vaccinations required in French hospitals.",
        True,
        "pdf,jpeg,png",
    ),
    "learning_agreement": (
        "Learning agreement",
        "Signed by your home university; the IRO signs it after acceptance.",
        True,
        "pdf",
    ),
    "funds": ("Proof of personal funds", "For the visa and the carte de séjour.", True, "pdf,jpeg,png"),
}


# Their French, for French-speaking students (the English above is the fallback).
INCOMING_DOCUMENTS_FR = {
    "transcript": (
        "Relevé de notes",
        "Délivré par votre université d’origine, pour chaque année jusqu’à présent.",
    ),
    "language": (
        "Certificat de langue pour votre parcours",
        "Parcours francophone : B2 en français (par exemple DELF B2 ou examen de l’Alliance Française). "
        "Parcours anglophone : B2 en anglais.",
    ),
    "insurance": (
        "Assurance maladie et responsabilité civile",
        "Valable en France pendant tout le séjour, y compris la responsabilité civile professionnelle à l’hôpital.",
    ),
    "immunization": (
        "Carnet de vaccination",
        "Hépatite B, rougeole, test de dépistage de la tuberculose et les autres vaccinations exigées "
        "dans les hôpitaux français.",
    ),
    "learning_agreement": (
        "Contrat d’études (learning agreement)",
        "Signé par votre université d’origine ; le bureau des relations internationales le signe après l’acceptation.",
    ),
    "funds": ("Justificatif de ressources personnelles", "Pour le visa et la carte de séjour."),
}


_COMMON = ["transcript", "language", "insurance", "immunization"]


# Exchanges add a learning agreement; the yearlong IMEP also needs funds for its long-stay visa.
INCOMING_DOCUMENTS_BY_KIND = {
    AgreementKind.ACADEMIC_EXCHANGE: [*_COMMON, "learning_agreement"],
    AgreementKind.BILATERAL_EXCHANGE: [*_COMMON, "learning_agreement", "funds"],
    AgreementKind.CLINICAL_PLACEMENT: _COMMON,
    AgreementKind.SUMMER_PROGRAMME: _COMMON,
}


def add_standard_documents(call) -> list:
    """Give an incoming call the documents every incoming student of its kind provides (the ones
    it already has by that name are left as staff set them). Returns the requirements added."""
    if call.direction != Direction.INCOMING:
        return []
    existing = set(call.document_requirements.values_list("name_en", flat=True))
    start = call.document_requirements.count()
    added = []
    for key in INCOMING_DOCUMENTS_BY_KIND.get(call.kind, _COMMON):
        name, help_text, required, kinds = INCOMING_DOCUMENTS[key]
        name_fr, help_text_fr = INCOMING_DOCUMENTS_FR[key]
        if name not in existing:
            added.append(
                DocumentRequirement.objects.create(
                    call=call,
                    # Both languages named: whatever language the staff member works in.
                    name_en=name,
                    name_fr=name_fr,
                    help_text_en=help_text,
                    help_text_fr=help_text_fr,
                    required=required,
                    allowed_kinds=kinds,
                    order=start + len(added),
                )
            )
    return added


@transaction.atomic
def set_clerkship_plan(owner, rotations: list[dict], *, by) -> list:
    """Replace an IMEP student's plan ([{clerkship, months, department}]) if it is valid ([] clears
    it). `owner`: an incoming nomination (its coordinator or IRO staff) or an outgoing application
    (IRO staff)."""
    nomination = owner if isinstance(owner, Nomination) else None
    if not (is_decider(by) or (nomination and nomination.nominated_by_id == getattr(by, "pk", None))):
        raise PermissionDenied
    if not has_clerkship_plan(owner):
        raise NominationError(_("Only IMEP exchanges have a clerkship plan."))
    link = {"nomination": owner} if nomination else {"application": owner}
    lines = [ClerkshipRotation(order=i, **link, **row) for i, row in enumerate(rotations)]
    problems = clerkship_plan_problems(lines) if lines else []  # no line: the plan is not recorded yet
    if problems:
        raise NominationError(_("This clerkship plan is not valid:"), problems)
    owner.rotations.all().delete()
    return ClerkshipRotation.objects.bulk_create(lines)
