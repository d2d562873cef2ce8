"""The student dashboard's cached pages are stale: new versions whenever what they show changes.

The dashboard (selectors/dashboard.py, views/applications.py) is kept per student and language,
built on three versions: the student's own, everyone's, and the partner directory's. They are
renewed through model signals (`connect`, from apps.py) rather than in each service, so that every
path that saves or deletes a row is covered (services, the admin's forms and inlines, imports, the
shell), not only the ones known today:

- the student's own: their applications (status, place, reply deadline, the draft's fields that
  "Continue my application" follows), history, documents, preferences, mobility record, learning
  agreement and its versions, and their email addresses (which invitations reach them);
- every waitlisted student of a call when one of its applications enters, leaves or is saved on
  its waiting list (their number on it);
- everyone's: calls (titles, deadlines, which are open), the documents and criteria they ask, and
  nominations (the invitations);
- the partner directory's, renewed by partners.services.connect_directory: an institution's name (a student's place).

Writes that skip signals (QuerySet.update, bulk_create, bulk_update) call `students_changed`,
`waitlists_changed` or `everyone_changed` themselves when they touch what the page shows;
tests/mobility/test_dashboard_cache.py lists every such write in the code and fails on a new one.

A version is renewed at once when the student is known without a query (the writer's own next
page, and the tests, see it), and again once the transaction commits, together with the students
that take a query to find (one per kind, after the commit). The second renewal is the guarantee: a
page another process built from the rows as they were before the commit was stored under the first.
"""

import threading

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from core import fragments

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationTransition,
    Call,
    DocumentRequirement,
    EligibilityCriterion,
    MobilityRecord,
    Nomination,
    Preference,
    Status,
)
from ..selectors.dashboard import EVERYONE_VERSION_KEY, student_version_key

_pending = threading.local()


class _Changes:
    """What this thread's transaction changed, renewed once it commits."""

    def __init__(self):
        self.students, self.applications, self.records, self.agreements = set(), set(), set(), set()
        self.waitlists, self.waitlists_of = set(), set()  # calls; applications whose call
        self.everyone = False


def _note(
    *, students=(), applications=(), records=(), agreements=(), waitlists=(), waitlists_of=(), everyone=False
):
    if students or everyone:  # at once: known without a query
        fragments.new_versions(
            [student_version_key(s) for s in students] + ([EVERYONE_VERSION_KEY] if everyone else [])
        )
    changes = getattr(_pending, "changes", None)
    if changes is None:
        changes = _pending.changes = _Changes()
    changes.students.update(students)
    changes.applications.update(applications)
    changes.records.update(records)
    changes.agreements.update(agreements)
    changes.waitlists.update(waitlists)
    changes.waitlists_of.update(waitlists_of)
    changes.everyone |= everyone
    # One callback per change: a savepoint rolled back drops its own callbacks, never another's.
    # The first to run after the commit renews everything noted (what a rolled-back write noted
    # too: one renewal more, never one less).
    transaction.on_commit(_flush, robust=True)


def _flush():
    changes = getattr(_pending, "changes", None)
    if changes is None:
        return
    _pending.changes = None
    students = set(changes.students)
    if changes.applications:
        students.update(
            Application.objects.filter(pk__in=changes.applications).values_list("student_id", flat=True)
        )
    if changes.records:
        students.update(
            MobilityRecord.objects.filter(pk__in=changes.records, application__isnull=False).values_list(
                "application__student_id", flat=True
            )
        )
    if changes.agreements:
        students.update(
            apps.get_model("learning", "LearningAgreement")
            .objects.filter(pk__in=changes.agreements, record__application__isnull=False)
            .values_list("record__application__student_id", flat=True)
        )
    if changes.waitlists or changes.waitlists_of:
        calls = Q(call_id__in=changes.waitlists) | Q(
            call_id__in=Application.objects.filter(pk__in=changes.waitlists_of).values("call_id")
        )
        students.update(
            Application.objects.filter(calls, status=Status.WAITLISTED).values_list("student_id", flat=True)
        )
    fragments.new_versions(
        [student_version_key(s) for s in students] + ([EVERYONE_VERSION_KEY] if changes.everyone else [])
    )


def students_changed(student_ids):
    """What these students' dashboards show changed (a write that skips signals)."""
    _note(students=set(student_ids))


def waitlists_changed(call_ids):
    """The waiting lists of these calls changed (ranks written in bulk)."""
    _note(waitlists=set(call_ids))


def everyone_changed():
    """Something every dashboard may show changed (a call, a nomination written in bulk)."""
    _note(everyone=True)


# --- Signals ----------------------------------------------------------------------------------


def _application_changed(instance, **kwargs):
    waitlisted = instance.status == Status.WAITLISTED  # the numbers behind it on its call
    _note(students={instance.student_id}, waitlists={instance.call_id} if waitlisted else ())


def _of_application(instance):
    """The student of a row that belongs to an application: at once when it is loaded, else after
    the commit (a query)."""
    if type(instance).application.is_cached(instance) and instance.application is not None:
        return {"students": {instance.application.student_id}}
    return {"applications": {instance.application_id} if instance.application_id else set()}


def _transition_changed(instance, **kwargs):
    moved = Status.WAITLISTED in (instance.from_state, instance.to_state)
    if not moved:
        _note(**_of_application(instance))
    elif ApplicationTransition.application.is_cached(instance):
        _note(students={instance.application.student_id}, waitlists={instance.application.call_id})
    else:
        _note(applications={instance.application_id}, waitlists_of={instance.application_id})


def _application_row_changed(instance, **kwargs):
    _note(**_of_application(instance))


def _learning_agreement_changed(instance, **kwargs):
    _note(records={instance.record_id})


def _version_changed(instance, **kwargs):
    _note(agreements={instance.agreement_id})


def _email_address_changed(instance, **kwargs):
    _note(students={instance.user_id})


def _everyones_changed(**kwargs):
    _note(everyone=True)


def connect():
    """Called once from apps.py."""
    receivers = [
        (Application, _application_changed),
        (ApplicationTransition, _transition_changed),
        (ApplicationDocument, _application_row_changed),
        (Preference, _application_row_changed),
        (MobilityRecord, _application_row_changed),
        (apps.get_model("learning", "LearningAgreement"), _learning_agreement_changed),
        (apps.get_model("learning", "AgreementVersion"), _version_changed),
        (apps.get_model("account", "EmailAddress"), _email_address_changed),
        (Call, _everyones_changed),
        (DocumentRequirement, _everyones_changed),
        (EligibilityCriterion, _everyones_changed),
        (Nomination, _everyones_changed),
    ]
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"mobility-dashboard-{signal is post_save}-{model._meta.label}",
            )
