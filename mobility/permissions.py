"""Who may see an application and its files.

Everything that shows an application or serves one of its documents asks `can_view_application`;
querysets use `applications_visible_to`. Other apps extend both for their people (Mobility II:
the partner coordinator who nominated an incoming student) with `register_viewer_rule`, instead
of editing every view.
"""

from collections.abc import Callable

from django.db.models import Q

ViewerRule = tuple[Callable, Callable]  # (user, application) -> bool ; user -> Q over Application
_EXTRA_RULES: list[ViewerRule] = []


def register_viewer_rule(can_view: Callable, visible_q: Callable) -> None:
    """Let more people see applications, e.g. the nominating coordinator of an incoming student.

    `can_view(user, application) -> bool` for one application; `visible_q(user) -> Q` the same
    rule as a filter on Application (return `Q(pk__in=[])` when it gives nothing).
    """
    rule = (can_view, visible_q)
    if rule not in _EXTRA_RULES:
        _EXTRA_RULES.append(rule)


def is_decider(user) -> bool:
    """IRO staff decide applications; supervisors and everyone else do not."""
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_superuser or user.is_iro_staff)
    )


def supervises(user, application) -> bool:
    return bool(
        user.is_authenticated
        and user.is_supervisor
        and application.status != "draft"
        and application.call.supervisors.filter(pk=user.pk).exists()
    )


def can_view_application(user, application) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if application.student_id == user.pk or is_decider(user) or supervises(user, application):
        return True
    return any(can_view(user, application) for can_view, _q in _EXTRA_RULES)


def can_view_document(user, document) -> bool:
    return can_view_application(user, document.application)


def applications_visible_to(user, queryset=None):
    from .models import Application, Call

    qs = Application.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if is_decider(user):
        return qs
    q = Q(student=user)
    if user.is_supervisor:
        # Supervisors read what was submitted; a draft is still the student's own business.
        q |= Q(call__in=Call.objects.filter(supervisors=user).values("pk")) & ~Q(status="draft")
    for _can_view, visible_q in _EXTRA_RULES:
        q |= visible_q(user)
    return qs.filter(q)
