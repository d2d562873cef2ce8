"""Who may see or act on applications, their documents, letters and nominations: the one place.

Every page, file view and admin list of mobility asks these rules (`user.has_perm(...)` on one
object, the `*_visible_to` filters on many). Each rule is a predicate and a queryset filter side by
side (core.rules.Rule), so the two cannot drift.

- An application: its student; IRO staff; the academic supervisors of its call once it is
  submitted (a draft is still the student's own business); the partner coordinator of the
  institution that nominated the student (incoming students).
- Its documents and acceptance letter: whoever may see the application.
- A nomination: IRO staff and the coordinators of the nominating institution.
"""

import rules
from django.db.models import Q

from core.rules import (
    EVERYTHING,
    Rule,
    add_perm,
    iro_staff,
    is_active_person,
    is_coordinator,
    is_iro_staff,
    own_action,
)

from .models import AcceptanceLetter, Application, ApplicationDocument, Call, Nomination, Status

# --- Predicates on an application ------------------------------------------------------------


@rules.predicate
def is_applicant(user, application):
    return application is not None and application.student_id == user.pk


@rules.predicate
def is_supervisor_of_call(user, application):
    return bool(
        application is not None
        and user.is_supervisor
        and not application.is_draft
        and Call.supervisors.through.objects.filter(call_id=application.call_id, user_id=user.pk).exists()
    )


@rules.predicate
def is_coordinator_of_nominee(user, application):
    return bool(
        application is not None
        and user.is_coordinator
        and Nomination.objects.filter(
            application_id=application.pk, agreement__institution__coordinators=user
        ).exists()
    )


applicant = Rule(is_applicant, lambda user: Q(student=user))
supervisor_of_call = Rule(
    is_supervisor_of_call,
    lambda user: (
        Q(call__in=Call.objects.filter(supervisors=user).values("pk")) & ~Q(status=Status.DRAFT)
        if user.is_supervisor
        else Q(pk__in=[])
    ),
)
coordinator_of_nominee = Rule(
    is_coordinator_of_nominee,
    lambda user: (
        Q(
            pk__in=Nomination.objects.filter(agreement__institution__coordinators=user)
            .exclude(application=None)
            .values("application_id")
        )
        if user.is_coordinator
        else Q(pk__in=[])
    ),
)

view_application = applicant | iro_staff | supervisor_of_call | coordinator_of_nominee


def applications_visible_to(user, queryset=None):
    """The applications `user` may see: the queryset twin of `mobility.view_application`."""
    return view_application.filter(user, Application.objects.all() if queryset is None else queryset)


def _of_visible_applications(user, queryset):
    if not is_active_person(user):
        return queryset.none()
    if view_application.q(user) is EVERYTHING:
        return queryset
    return queryset.filter(application__in=applications_visible_to(user).values("pk"))


def documents_visible_to(user, queryset=None):
    """The documents `user` may open: those of the applications they may see."""
    return _of_visible_applications(user, ApplicationDocument.objects.all() if queryset is None else queryset)


def letters_visible_to(user, queryset=None):
    """The acceptance letters `user` may open: those of the applications they may see."""
    return _of_visible_applications(user, AcceptanceLetter.objects.all() if queryset is None else queryset)


@rules.predicate
def may_view_documents_application(user, document):
    return document is not None and view_application.predicate.test(user, document.application)


@rules.predicate
def may_view_letters_application(user, letter):
    return letter is not None and view_application.predicate.test(user, letter.application)


# --- Nominations -------------------------------------------------------------------------------


@rules.predicate
def is_nominating_coordinator(user, nomination):
    """A coordinator of the nominating institution (whoever of them nominated: colleagues share)."""
    return bool(
        nomination is not None
        and user.is_coordinator
        and Nomination.objects.filter(pk=nomination.pk, agreement__institution__coordinators=user).exists()
    )


nominating_coordinator = Rule(
    is_nominating_coordinator,
    lambda user: Q(agreement__institution__coordinators=user) if user.is_coordinator else Q(pk__in=[]),
)
view_nomination = nominating_coordinator | iro_staff


def nominations_visible_to(user, queryset=None):
    """The nominations `user` may see: the queryset twin of `mobility.view_nomination`."""
    return view_nomination.filter(user, Nomination.objects.all() if queryset is None else queryset)


def nominations_followed_by(user, queryset=None):
    """The nominations a coordinator follows on their own pages (staff use the admin)."""
    return nominating_coordinator.filter(user, Nomination.objects.all() if queryset is None else queryset)


# --- Who decides ---------------------------------------------------------------------------------


def is_decider(user) -> bool:
    """IRO staff decide applications; supervisors and everyone else do not."""
    return is_iro_staff.test(user)


def supervises(user, application) -> bool:
    return is_active_person(user) and is_supervisor_of_call.test(user, application)


def may_mark(user, call) -> bool:
    """Marks on a call's selection criteria: IRO staff and the call's academic supervisors."""
    if is_decider(user):
        return True
    return bool(
        is_active_person(user)
        and user.is_supervisor
        and Call.supervisors.through.objects.filter(call_id=call.pk, user_id=user.pk).exists()
    )


def may_fill_in(user, application) -> bool:
    """The student's own pages (steps, submit, withdraw, upload): the student only, even for staff."""
    return own_action("mobility.fill_in_application", user, application)


def may_nominate(user) -> bool:
    """The nomination pages are partner coordinators' own: staff follow nominations in the admin."""
    return own_action("mobility.nominate", user, None)


add_perm("mobility.view_application", view_application)
add_perm("mobility.view_applicationdocument", may_view_documents_application)
add_perm("mobility.view_acceptanceletter", may_view_letters_application)
add_perm("mobility.fill_in_application", is_applicant)
add_perm("mobility.view_nomination", view_nomination)
add_perm("mobility.nominate", is_coordinator)
