"""The permission layer's shared pieces: who is IRO staff, and rules that are both a predicate and a filter.

Each app decides who may see or change its objects in its own `rules.py` (loaded by
`rules.apps.AutodiscoverRulesConfig`), as named `rules` predicates registered with `rules.add_perm`.
Views and the admin ask `user.has_perm("app.perm", obj)`; lists filter with the same rule as a
queryset. A `Rule` holds both side by side, so the check on one object and the filter on many
cannot drift apart (tests/test_access_matrix.py compares them on every object of its data set).
"""

import rules
from django.db.models import Q

EVERYTHING = object()  # a filter that keeps every row (IRO staff)


def _nothing():
    return Q(pk__in=[])


class Rule:
    """A `rules` predicate `(user, obj) -> bool` and the same rule as `q(user) -> Q` over the model.

    `q` returns a Q, or EVERYTHING; it is only called for an active, authenticated user.
    Rules combine with `|` like predicates do.
    """

    def __init__(self, predicate, q):
        self.predicate = predicate if isinstance(predicate, rules.Predicate) else rules.predicate(predicate)
        self.q = q

    def __or__(self, other):
        def q(user):
            left, right = self.q(user), other.q(user)
            if left is EVERYTHING or right is EVERYTHING:
                return EVERYTHING
            return left | right

        return Rule(self.predicate | other.predicate, q)

    def filter(self, user, queryset):
        """The rows of `queryset` this rule lets `user` see (none for anonymous or inactive people)."""
        if not is_active_person(user):
            return queryset.none()
        q = self.q(user)
        return queryset if q is EVERYTHING else queryset.filter(q)

    def test(self, user, obj):
        return is_active_person(user) and self.predicate.test(user, obj)


def is_active_person(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


is_active = rules.predicate(is_active_person, name="is_active_person")


def add_perm(name, predicate):
    """Register a permission: nobody anonymous or deactivated passes it, whatever the predicate says."""
    if isinstance(predicate, Rule):
        predicate = predicate.predicate
    rules.add_perm(name, is_active & predicate)


@rules.predicate
def is_iro_staff(user):
    """IRO staff (and superusers) see every object of the portal; academic supervisors are not staff here."""
    return is_active_person(user) and bool(user.is_superuser or user.is_iro_staff)


@rules.predicate
def is_superuser(user):
    return is_active_person(user) and user.is_superuser


@rules.predicate
def is_coordinator(user):
    return is_active_person(user) and user.is_coordinator


def nobody_q(user):
    return _nothing()


def everybody_q(user):
    return EVERYTHING


iro_staff = Rule(is_iro_staff, lambda user: EVERYTHING if is_iro_staff.test(user) else _nothing())


def own_action(perm, user, obj) -> bool:
    """The rule itself, without Django's "a superuser may do anything" shortcut.

    For what only the person concerned does from the portal (filling in one's application,
    cancelling one's registration): nobody, not even a superuser, does it in their place.
    """
    return is_active_person(user) and rules.has_perm(perm, user, obj)


class ObjectRulesAdminMixin:
    """Admin pages of personal data: the change page of one object asks the app's rule for it.

    `get_queryset` already filters the list with the same rule; this closes the object URLs too
    (a person who may not see the object gets the admin's "does not exist" answer).
    """

    def _object_perm(self, request, action, obj):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._object_perm(request, "view", obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._object_perm(request, "view", obj))


# The download audit (core.models.FileAccess) is for superusers only: IRO staff have every `core`
# permission through their group, so the admin asks this rule, not the group.
add_perm("core.view_fileaccess", is_superuser)
add_perm("core.view_private_file", is_iro_staff)
