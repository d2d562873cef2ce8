"""The stay as it happened and what follows it: the host confirms arrival and departure, the
Transcript of Records arrives, the home school records the recognition of each component — and
only then is an outgoing mobility completed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import validate_upload
from core.pdf import render_pdf
from mobility.models import MobilityRecord, Status
from mobility.rules import is_decider
from mobility.services import applications as application_services
from mobility.services import records

from .. import rules
from ..models import ConfirmedFrom, Recognition, Stay, Transcript, VersionStatus
from ..models.agreements import RECOGNITION_RECORDED
from .errors import LearningError

ATTENDANCE_TEMPLATE = "learning/pdf/attendance.html"


def stay_of(record) -> Stay:
    stay, _created = Stay.objects.get_or_create(record=record)
    return stay


def _locked_stay(record):
    stay_of(record)
    return Stay.objects.select_for_update().get(record=record)


@transaction.atomic
def confirm_arrival(record, *, by, date, now=None) -> Stay:
    if not rules.may_confirm_stay(by, record):
        raise PermissionDenied(_("Only the host confirms the arrival."))
    stay = _locked_stay(record)
    if stay.departure_date and date > stay.departure_date:
        raise LearningError(_("The arrival cannot come after the departure."))
    stay.arrival_date, stay.arrival_confirmed_by, stay.arrival_confirmed_at = date, by, now or timezone.now()
    stay.confirmed_from = ConfirmedFrom.PORTAL
    stay.save()
    return stay


@transaction.atomic
def confirm_departure(record, *, by, date, now=None) -> Stay:
    if not rules.may_confirm_stay(by, record):
        raise PermissionDenied(_("Only the host confirms the departure."))
    stay = _locked_stay(record)
    if not stay.arrival_date:
        raise LearningError(_("Confirm the arrival first."))
    if date < stay.arrival_date:
        raise LearningError(
            _("The departure cannot come before the arrival (%(date)s).") % {"date": stay.arrival_date}
        )
    stay.departure_date, stay.departure_confirmed_by, stay.departure_confirmed_at = (
        date,
        by,
        now or timezone.now(),
    )
    stay.save()
    return stay


def record_attendance_certificate(record, *, by, file, arrival, departure, now=None) -> Stay:
    """IRO staff enter an outgoing student's dates from the host's certificate of attendance."""
    if not rules.may_record_attendance_certificate(by, record):
        raise PermissionDenied(_("Only IRO staff record a certificate of attendance."))
    if departure < arrival:
        raise LearningError(_("The departure cannot come before the arrival (%(date)s).") % {"date": arrival})
    try:
        validate_upload(file, allowed_kinds=("pdf", "jpeg", "png"))
    except ValidationError as exc:
        raise LearningError(" ".join(exc.messages)) from exc
    now = now or timezone.now()
    with transaction.atomic():
        stay = _locked_stay(record)
        old = stay.attendance_file.name if stay.attendance_file else ""
        stay.attendance_file.save(file.name, file, save=False)
        stay.arrival_date, stay.departure_date = arrival, departure
        stay.arrival_confirmed_by = stay.departure_confirmed_by = by
        stay.arrival_confirmed_at = stay.departure_confirmed_at = now
        stay.confirmed_from = ConfirmedFrom.CERTIFICATE
        stay.save()
        if old:
            storage = stay.attendance_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return stay


def attendance_certificate_pdf(record) -> bytes:
    """The school's certificate of attendance for an incoming student whose stay is confirmed."""
    stay = Stay.objects.filter(record=record).first()
    if stay is None or not stay.has_attendance_certificate:
        raise LearningError(_("The certificate of attendance is issued once the departure is confirmed."))
    from .grants import duration, duration_text

    length = duration_text(*duration(stay.arrival_date, stay.departure_date))
    return render_pdf(
        ATTENDANCE_TEMPLATE,
        {"record": record, "stay": stay, "duration": length, "issued_on": timezone.localdate()},
    )


def upload_transcript(record, *, by, file, now=None) -> Transcript:
    if not rules.may_upload_transcript(by, record):
        raise PermissionDenied(_("Only the host or the student uploads the Transcript of Records."))
    if not Stay.objects.filter(record=record, arrival_date__isnull=False).exists():
        raise LearningError(
            _("The Transcript of Records comes after the stay: the arrival is not confirmed yet.")
        )
    try:
        validate_upload(file, allowed_kinds=("pdf",))
    except ValidationError as exc:
        raise LearningError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        MobilityRecord.objects.select_for_update().get(pk=record.pk)
        transcript = Transcript.objects.filter(record=record).first() or Transcript(record=record)
        old = transcript.file.name if transcript.pk and transcript.file else ""
        transcript.file.save(file.name, file, save=False)
        transcript.original_name = file.name[:255]
        transcript.uploaded_by, transcript.uploaded_at = by, now or timezone.now()
        transcript.save()
        if old:
            storage = transcript.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return transcript


def components_to_recognise(record):
    """Table B of the version in force (Table A when the whole period is recognised automatically)."""
    agreement = getattr(record, "learning_agreement", None)
    if agreement is None:
        return None, []
    version = agreement.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()
    if version is None:
        return None, []
    table = "A" if version.automatic_recognition else "B"
    components = [
        c
        for c in version.components.select_related("recognition").all()
        if c.table == table and not c.is_removed
    ]
    return version, components


@transaction.atomic
def record_recognition(record, *, by, decisions: dict, now=None):
    """Record the home school's decision on every component: {component id: (recognised, grade, reason)}.

    Once every component has its decision, the mobility is recognised; an outgoing application
    then moves to "completed".
    """
    if not rules.may_recognise(by, record):
        raise PermissionDenied(_("Only the home school's responsible person records recognition."))
    now = now or timezone.now()
    record = MobilityRecord.objects.select_for_update().get(pk=record.pk)
    if not Transcript.objects.filter(record=record).exists():
        raise LearningError(_("Recognition follows the Transcript of Records: it is not uploaded yet."))
    version, components = components_to_recognise(record)
    if version is None:
        raise LearningError(_("No learning agreement is signed by all three parties."))
    missing = [c for c in components if c.pk not in decisions]
    if missing:
        raise LearningError(
            _("Record a decision for every component: %(list)s.")
            % {"list": ", ".join(str(c) for c in missing)}
        )
    for component in components:
        recognised, grade, reason = decisions[component.pk]
        grade, reason = (grade or "").strip(), (reason or "").strip()
        if recognised and not grade:
            raise LearningError(_("Give the grade at home of “%(c)s”.") % {"c": component})
        if not recognised and not reason:
            raise LearningError(_("Say why “%(c)s” is not recognised.") % {"c": component})
        Recognition.objects.update_or_create(
            component=component,
            defaults={
                "recognised": recognised,
                "grade": grade if recognised else "",
                "reason": "" if recognised else reason,
                "recorded_by": by,
                "recorded_at": now,
            },
        )
    records.mark_recognised(record, at=now)
    application = record.application
    if record.direction == "outgoing" and application and application.status == Status.CONFIRMED:
        # A supervisor records recognition but decides no status: the system moves it for them.
        application_services.transition(
            application,
            Status.COMPLETED,
            by=by if is_decider(by) else None,
            now=now,
            comment=RECOGNITION_RECORDED(name=by.display_name),
        )
    return record
