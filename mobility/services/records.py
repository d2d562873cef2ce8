"""Acceptance letters and mobility records: every write to them goes through here.

A status change (`services.applications._after_transition`), the letter tasks, the admin actions
and the demo data call these functions.
"""

import datetime

from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import academic
from core.pdf import render_pdf
from core.tasks import enqueue_on_commit
from partners.models import AgreementKind, Direction

from ..models import SEAT_STATES, AcceptanceLetter, Application, MobilityRecord, RecordSource
from .errors import ApplicationError

# The letterhead, in the reader's language (rendered under the student's language).
SCHOOL = {
    "name": gettext_lazy("UPCité Medical School"),
    "office": gettext_lazy("International Relations Office"),
    "street": "15 rue de l'École de Médecine",
    "city": "75006 Paris",
    "country": gettext_lazy("France"),
    "signatory": "Magdalena van Eeckhout",
    "signatory_title": gettext_lazy("Head of International Relations"),
}
LETTER_TEMPLATE = "mobility/pdf/acceptance_letter.html"
LETTER_TASK = "mobility.generate_acceptance_letter"

# A letter still missing this long after the decision was lost with its task (a killed worker, a
# Redis restart) or failed every retry: the sweep dispatches it again. Decisions older than the
# lookback are history (the archive is not re-rendered).
LETTER_SWEEP_AFTER = datetime.timedelta(minutes=10)
LETTER_SWEEP_LOOKBACK = datetime.timedelta(days=30)


def letter_task():
    """The Celery task that renders a letter (mobility/tasks.py), by name: the tasks wrap this module."""
    return current_app.tasks[LETTER_TASK]


def nomination_of(application):
    """The partner's nomination behind an incoming application (mobility/models/nominations.py)."""
    return getattr(application, "nomination", None)  # None for outgoing applications


def partner_institution(application):
    """The partner of the mobility: the host for outgoing students, the home university for incoming."""
    if application.allocated_agreement_id:
        return application.allocated_agreement.institution
    agreement = getattr(nomination_of(application), "agreement", None)
    if agreement is not None:
        return agreement.institution
    first = application.preferences.select_related("agreement__institution").order_by("rank").first()
    return first.agreement.institution if first else None


def default_period(application) -> tuple[datetime.date, datetime.date]:
    """The dates of the mobility: those of the period the student asked (staff correct it on the
    application), the period the partner gave when nominating an incoming student, else the usual
    dates of the programme in the call's academic year (records of applications made before the
    form asked)."""
    nomination = nomination_of(application)
    start, end = getattr(nomination, "wished_start", None), getattr(nomination, "wished_end", None)
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end >= start:
        return start, end
    if application.mobility_dates:
        return application.mobility_dates
    year, kind = application.call.academic_year, application.call.kind
    if kind == AgreementKind.CLINICAL_PLACEMENT:
        return datetime.date(year + 1, 7, 1), datetime.date(year + 1, 7, 31)
    if kind == AgreementKind.BILATERAL_EXCHANGE:  # IMEP: begins in July, ends in July a year later
        return datetime.date(year, 7, 1), datetime.date(year + 1, 6, 30)
    if kind == AgreementKind.SUMMER_PROGRAMME:
        return datetime.date(year + 1, 7, 1), datetime.date(year + 1, 7, 31)
    return datetime.date(year, 9, 1), datetime.date(year + 1, 6, 30)


def default_host_department(application) -> str:
    nomination = nomination_of(application)
    wished = getattr(nomination, "wished_departments", "") or ""
    track = nomination.get_track_display() if getattr(nomination, "track", "") else ""
    if wished and track:
        wished = f"{wished} ({track})"
    if application.direction == Direction.INCOMING:
        if wished:
            return wished
        if application.call.kind == AgreementKind.CLINICAL_PLACEMENT:
            return _("Clinical departments of the affiliated teaching hospitals (AP-HP)")
        return _("Faculty of Health — Medical School")
    return wished


def letter_context(application, letter) -> dict:
    partner = partner_institution(application)
    incoming = application.direction == Direction.INCOMING
    return {
        "school": SCHOOL,
        "application": application,
        "letter": letter,
        "student_name": application.full_name,
        "programme": application.call.get_kind_display(),
        "call": application.call,
        "academic_year": academic.label(application.call.academic_year),
        "incoming": incoming,
        "partner": partner,
        "period": application.get_period_display() if application.period else "",
        "home": (partner.name if partner else application.home_institution) if incoming else SCHOOL["name"],
        "host": SCHOOL["name"] if incoming else (partner.name if partner else ""),
        "host_country": SCHOOL["country"] if incoming else (partner.country.name if partner else ""),
        "issued_on": timezone.localdate(),
    }


def generate_acceptance_letter(application_id, *, regenerate=False, now=None):
    """Render (once) the acceptance letter of an accepted application; return it, or None.

    Idempotent: the application row is locked and the letter is fetched or created under that lock,
    so a task run twice (or two workers) leaves one letter. `regenerate=True` renders the PDF again
    into the same row (after staff corrected the dates or the department).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "student", "allocated_agreement__institution")
            .get(pk=application_id)
        )
        if not application.holds_place:
            return None
        # The whole letter in the student's language, its default host department included.
        language = getattr(application.student, "language", "") or "en"
        start, end = default_period(application)
        with translation.override(language):
            host_department = default_host_department(application)
        letter, _created = AcceptanceLetter.objects.select_for_update().get_or_create(
            application=application,
            defaults={
                "reference": f"IRO-{application.call.academic_year}-{application.pk:05d}",
                "start_date": start,
                "end_date": end,
                "host_department": host_department,
            },
        )
        if letter.file and not regenerate:
            return letter
        with translation.override(language):
            pdf = render_pdf(LETTER_TEMPLATE, letter_context(application, letter))
        old_name = letter.file.name if letter.file else ""
        letter.file.save(f"{letter.reference}.pdf", ContentFile(pdf), save=False)
        letter.generated_at = now
        letter.generations += 1
        letter.save()
        if old_name and old_name != letter.file.name:
            storage = letter.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        return letter


def sweep_acceptance_letters(*, now=None, after=LETTER_SWEEP_AFTER, lookback=LETTER_SWEEP_LOOKBACK) -> int:
    """Dispatch again the letters that should exist but do not; return how many.

    An application holding a place, decided more than `after` ago (and less than `lookback`), with
    no letter file. The task is idempotent, so a letter dispatched twice is still one letter.
    """
    now = now or timezone.now()
    missing = (
        Application.objects.filter(
            status__in=SEAT_STATES, decided_at__lte=now - after, decided_at__gte=now - lookback
        )
        .filter(Q(acceptance_letter__isnull=True) | Q(acceptance_letter__file=""))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(missing)
    with transaction.atomic():
        for pk in ids:
            enqueue_on_commit(letter_task(), pk)
    return len(ids)


def regenerate_letters(letters) -> int:
    count = 0
    for letter in letters:
        if generate_acceptance_letter(letter.application_id, regenerate=True) is not None:
            count += 1
    return count


def record_mobility(application) -> MobilityRecord:
    """The mobility record of a confirmed application (one per application; again gives the same)."""
    application = Application.objects.select_related(
        "call", "student", "allocated_agreement__institution"
    ).get(pk=application.pk)
    partner = partner_institution(application)
    letter = AcceptanceLetter.objects.filter(application=application).first()
    start, end = default_period(application)
    if letter and letter.start_date and letter.end_date:
        start, end = letter.start_date, letter.end_date
    record, _created = MobilityRecord.objects.get_or_create(
        application=application,
        defaults={
            "student_name": application.full_name,
            "direction": application.direction,
            "programme": application.call.kind,
            "institution": partner,
            "institution_name": partner.name if partner else application.home_institution or "—",
            "country": partner.country if partner else "",
            "academic_year": application.call.academic_year,
            "period": application.period,
            "start_date": start,
            "end_date": end,
            "source": RecordSource.APPLICATION,
        },
    )
    return record


def follow_period(application):
    """After staff corrected the period: the letter states the new dates (rendered again by its task)
    and the mobility record keeps them."""
    start, end = default_period(application)
    letter = AcceptanceLetter.objects.filter(application=application).first()
    if letter is not None and (letter.start_date, letter.end_date) != (start, end):
        letter.start_date, letter.end_date = start, end
        letter.save(update_fields=["start_date", "end_date"])
        if letter.file:
            enqueue_on_commit(letter_task(), application.pk, True)
    MobilityRecord.objects.filter(application=application).update(
        period=application.period, start_date=start, end_date=end, updated=timezone.now()
    )


def forget_mobility(application) -> int:
    """A withdrawal after confirmation: the mobility will not take place, so it is not counted."""
    deleted, _detail = MobilityRecord.objects.filter(application=application).delete()
    return deleted


def check_recognised(application):
    """Refuse to complete an outgoing mobility whose recognition at home is not recorded yet."""
    record = MobilityRecord.objects.filter(application=application).first()
    if record is not None and record.awaits_recognition:
        raise ApplicationError(
            _(
                "%(name)s's mobility is completed once the recognition of their Transcript of Records is recorded (learning agreement page)."
            )
            % {"name": application.full_name}
        )


def mark_recognised(record, *, at=None) -> MobilityRecord:
    """The home school recorded the recognition of the mobility: an outgoing one may now be completed.

    The learning app calls it once every component has its decision; demo data of past years too.
    """
    record.recognised_at = at or timezone.now()
    MobilityRecord.objects.filter(pk=record.pk).update(recognised_at=record.recognised_at)
    return record
