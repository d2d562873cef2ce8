"""Who may see a mobility's follow-up (learning agreement, stay, transcript, recognition, grant) and
who answers for each step: the one place (views, files and services ask these).

Sides of a mobility:
- the student (the application's student);
- our side: IRO staff, and the academic supervisors of the mobility's call;
- the partner's side: the coordinators of the partner institution (the host of an outgoing student,
  the home university of an incoming one).

The sending institution is our side for outgoing students and the partner for incoming ones; the
receiving institution the other. The host confirms the stay (incoming: IRO staff; outgoing: the
partner's coordinator, or IRO staff from an uploaded certificate of attendance).
"""

import rules
from django.db.models import Q

from core.rules import EVERYTHING, Rule, add_perm, is_active_person, is_iro_staff
from mobility.models import Call, MobilityRecord

from .models import Party


def _record(obj):
    """The mobility record behind a record, an agreement, a version or a file row."""
    for hop in ("version", "agreement", "record"):
        obj = getattr(obj, hop, obj)
    return obj


@rules.predicate
def is_mobility_student(user, obj):
    record = _record(obj)
    return bool(record is not None and record.application_id and record.application.student_id == user.pk)


@rules.predicate
def is_call_supervisor(user, obj):
    record = _record(obj)
    return bool(
        record is not None
        and user.is_supervisor
        and record.application_id
        and Call.supervisors.through.objects.filter(
            call_id=record.application.call_id, user_id=user.pk
        ).exists()
    )


@rules.predicate
def is_partner_coordinator(user, obj):
    record = _record(obj)
    return bool(
        record is not None
        and user.is_coordinator
        and record.institution_id
        and record.institution.coordinators.filter(pk=user.pk).exists()
    )


student = Rule(is_mobility_student, lambda user: Q(application__student=user))
our_staff = Rule(is_iro_staff, lambda user: EVERYTHING if is_iro_staff.test(user) else Q(pk__in=[]))
supervisor = Rule(
    is_call_supervisor,
    lambda user: (
        Q(application__call__in=Call.objects.filter(supervisors=user).values("pk"))
        if user.is_supervisor
        else Q(pk__in=[])
    ),
)
partner = Rule(
    is_partner_coordinator,
    lambda user: Q(institution__coordinators=user) if user.is_coordinator else Q(pk__in=[]),
)
# Followed in the portal: only mobilities that came from an application (not imported history).
view_mobility = student | our_staff | supervisor | partner


def mobilities_visible_to(user, queryset=None):
    """The mobilities `user` may follow: the queryset twin of `learning.view_mobility`."""
    queryset = MobilityRecord.objects.exclude(application=None) if queryset is None else queryset
    return view_mobility.filter(user, queryset)


def is_our_side(user, obj) -> bool:
    return is_active_person(user) and (is_iro_staff.test(user) or is_call_supervisor.test(user, obj))


def is_partner_side(user, obj) -> bool:
    return is_active_person(user) and is_partner_coordinator.test(user, obj)


def party_of(user, obj):
    """The party `user` signs for on this mobility's agreement (None: not responsible for it)."""
    record = _record(obj)
    if not is_active_person(user):
        return None
    if is_mobility_student.test(user, record):
        return Party.STUDENT
    outgoing = record.direction == "outgoing"
    if is_our_side(user, record):
        return Party.SENDING if outgoing else Party.RECEIVING
    if is_partner_side(user, record):
        return Party.RECEIVING if outgoing else Party.SENDING
    return None


def may_confirm_stay(user, obj) -> bool:
    """The host: IRO staff for incoming students, the partner's coordinator for outgoing ones."""
    record = _record(obj)
    if record.direction == "outgoing":
        return is_partner_side(user, record)
    return is_active_person(user) and is_iro_staff.test(user)


def may_record_attendance_certificate(user, obj) -> bool:
    """IRO staff record an outgoing student's dates from the host's certificate of attendance."""
    return _record(obj).direction == "outgoing" and is_active_person(user) and is_iro_staff.test(user)


def may_upload_transcript(user, obj) -> bool:
    """The host's responsible person or the student."""
    record = _record(obj)
    if is_active_person(user) and is_mobility_student.test(user, record):
        return True
    if record.direction == "outgoing":
        return is_partner_side(user, record)
    return is_our_side(user, record)


def may_recognise(user, obj) -> bool:
    """Recognition is the home school's: the sending responsible person."""
    return party_of(user, obj) == Party.SENDING


def may_manage_grant(user) -> bool:
    return is_active_person(user) and is_iro_staff.test(user)


add_perm("learning.view_mobility", view_mobility)
