"""Explicit state machines: one table of allowed moves, and a record of every move.

Apps declare `MACHINE = StateMachine({"draft": {"submitted", "withdrawn"}, ...})` beside their
model and subclass `TransitionRecord` for the history. Services call `MACHINE.check(a, b)`
before changing a state, so a forbidden move is refused whoever asks (view, admin, task).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InvalidTransition(Exception):
    def __init__(self, from_state, to_state, message=None):
        self.from_state, self.to_state = from_state, to_state
        super().__init__(message or f"Cannot move from “{from_state}” to “{to_state}”.")


class StateMachine:
    def __init__(self, transitions: dict[str, set[str]]):
        self.transitions = {k: frozenset(v) for k, v in transitions.items()}

    def allowed(self, from_state) -> frozenset:
        return self.transitions.get(from_state, frozenset())

    def can(self, from_state, to_state) -> bool:
        return to_state in self.allowed(from_state)

    def check(self, from_state, to_state, labels=None):
        if not self.can(from_state, to_state):
            labels = labels or {}
            raise InvalidTransition(
                from_state,
                to_state,
                _("Cannot move from “%(a)s” to “%(b)s”.")
                % {"a": labels.get(from_state, from_state), "b": labels.get(to_state, to_state)},
            )


class TransitionRecord(models.Model):
    """Who moved what, when, from which state to which, and why."""

    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
