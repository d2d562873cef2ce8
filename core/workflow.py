"""Explicit state machines: one table of allowed moves, and one way to make and record a move.

API (the three state machines — applications, nominations, registrations — use it):

- `MACHINE = StateMachine({state: {allowed next states}}, field="status", labels=Status.choices)`
  beside the model: `field` is the model's state field, `labels` its choices (for messages).
  `.allowed(a)`, `.can(a, b)`, `.check(a, b)` (raises `InvalidTransition`, a `core.errors.ServiceError`).
- Subclass the abstract `TransitionRecord` for the history, naming the machine and the foreign key
  to the object that moves::

      class RegistrationTransition(TransitionRecord):
          registration = models.ForeignKey(Registration, ..., related_name="transitions")
          machine = MACHINE
          subject_field = "registration"

- `RegistrationTransition.move(obj, to_state, by=user, comment="", at=now, update_fields=("payment_due",))`
  checks the move against the table, sets the state, saves `obj` with `update_fields` (the state,
  the fields given and the model's `auto_now` fields: one UPDATE) and creates the history row
  (who, when, from, to, comment): one call, no second UPDATE (`at` is a default, not auto_now_add).
  `save=False` leaves saving `obj` to the caller (a new object saved once with its first state).
- `RegistrationTransition.move_many(objs, to_state, comment=lambda obj: …)`: the same for a sweep's
  many objects (rows locked by the caller), in bulk: one UPDATE and one INSERT per 1,000.
- `RegistrationTransition.record(obj, from_state, to_state, by=…, comment=…, at=…)` only writes the
  history row (the first state of a new object, which has no move to check).
- On a record: `from_label`, `to_label` (the machine's labels), `str(record)` is "from → to",
  `comment_text` the comment in the reader's language.
- The portal's own comments on a move ("All seats are taken.") are `SystemComment`s, declared once
  beside the model (`SEATS_TAKEN = SystemComment(_("All seats are taken."))`) and stored with
  `comment=SEATS_TAKEN()` (or `SEATS_TAKEN(ref=…)` for a message with placeholders): the text is
  stored in English and every page, admin list and email shows it through `comment_text` /
  `SystemComment.render`, in the reader's language. What a person typed is shown as typed.
"""

import contextlib
import re

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError


class InvalidTransition(ServiceError):
    """A move the table does not allow; its message names both states in the reader's words."""

    def __init__(self, from_state, to_state, message=None):
        self.from_state, self.to_state = from_state, to_state
        super().__init__(message or f"Cannot move from “{from_state}” to “{to_state}”.")


class StateMachine:
    def __init__(self, transitions: dict[str, set[str]], *, field="status", labels=None):
        self.transitions = {k: frozenset(v) for k, v in transitions.items()}
        self.field = field
        self.labels = dict(labels or {})

    def allowed(self, from_state) -> frozenset:
        return self.transitions.get(from_state, frozenset())

    def can(self, from_state, to_state) -> bool:
        return to_state in self.allowed(from_state)

    def label(self, state) -> str:
        return self.labels.get(state, state) if state else ""

    def check(self, from_state, to_state, labels=None):
        if not self.can(from_state, to_state):
            labels = labels or self.labels
            raise InvalidTransition(
                from_state,
                to_state,
                _("Cannot move from “%(a)s” to “%(b)s”.")
                % {"a": labels.get(from_state, from_state), "b": labels.get(to_state, to_state)},
            )


class SystemComment:
    """One of the portal's own comments on a move, written in the reader's language wherever it shows.

    Stored in English (a history row outlives the language of whoever caused the move: a French
    participant's registration read "Toutes les places sont prises." to English staff, a sweep's
    comment was English for everyone); shown by matching the stored text against every declared
    message, in English or in any other language (rows stored before), and writing the message again
    in the active language with the same values. `formats` turn a stored value into what the reader
    reads ({"deadline": a function of the stored ISO instant}).
    """

    declared: list["SystemComment"] = []

    def __init__(self, message, **formats):
        self.message, self.formats, self._patterns = message, formats, {}
        SystemComment.declared.append(self)

    def __call__(self, **values) -> str:
        """The text to store."""
        with translation.override("en"):
            return str(self.message) % values if values else str(self.message)

    def _pattern(self, language):
        if language not in self._patterns:
            with translation.override(language):
                text = str(self.message)
            parts = re.split(r"%\((\w+)\)s", text)  # literal, name, literal, name, …, literal
            regex = "".join(
                re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
            )
            self._patterns[language] = re.compile(regex, re.DOTALL)
        return self._patterns[language]

    def _shown(self, values):
        for name, show in self.formats.items():
            # A row stored before, its value already written out, is shown as it is.
            with contextlib.suppress(KeyError, ValueError):
                values[name] = show(values[name])
        return str(self.message) % values if values else str(self.message)

    @classmethod
    def render(cls, text) -> str:
        """`text` as stored, in the active language if it is one of the portal's own comments."""
        if not text:
            return ""
        for language, _name in settings.LANGUAGES:
            for comment in cls.declared:
                found = comment._pattern(language).fullmatch(text)
                if found:
                    return comment._shown(found.groupdict())
        return text


# For an email's context: rendered when the email is, in its recipient's language.
render_comment_lazily = lazy(SystemComment.render, str)


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
    # A default, not auto_now_add: a service given an instant (tests, demo, imports) records it
    # in the INSERT itself.
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    # Set by each subclass: the StateMachine of the object and the name of the foreign key to it.
    machine: StateMachine = None
    subject_field: str = ""

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_label or '—'} → {self.to_label}"

    @property
    def from_label(self):
        return self.machine.label(self.from_state)

    @property
    def to_label(self):
        return self.machine.label(self.to_state)

    @property
    def comment_text(self):
        return SystemComment.render(self.comment)

    comment_text.fget.short_description = _("comment")  # its column in the admin's history lists

    @classmethod
    def record(cls, obj, from_state, to_state, *, by=None, comment="", at=None):
        """Write the history row of a move (already made, or the first state of a new object)."""
        fields = {cls.subject_field: obj, "from_state": from_state or "", "to_state": to_state}
        return cls.objects.create(**fields, actor=by, comment=comment, at=at or timezone.now())

    @classmethod
    def move(cls, obj, to_state, *, by=None, comment="", at=None, update_fields=(), save=True):
        """Check, set, save (one UPDATE of the state, `update_fields` and auto_now fields), record."""
        machine = cls.machine
        from_state = getattr(obj, machine.field)
        machine.check(from_state, to_state)
        setattr(obj, machine.field, to_state)
        if save:
            auto_now = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
            obj.save(update_fields=list(dict.fromkeys([machine.field, *update_fields, *auto_now])))
        return cls.record(obj, from_state, to_state, by=by, comment=comment, at=at)

    @classmethod
    def move_many(cls, objs, to_state, *, by=None, comment="", at=None, update_fields=(), batch_size=1000):
        """`move` for many objects at once (a sweep): each move checked, then one UPDATE and one
        INSERT of history rows per `batch_size` objects. `comment` may be a callable obj -> str.
        The caller has locked the rows and set the other `update_fields` on each object."""
        machine = cls.machine
        at = at or timezone.now()
        objs = list(objs)
        if not objs:
            return []
        before = {}
        for obj in objs:
            before[obj.pk] = getattr(obj, machine.field)
            machine.check(before[obj.pk], to_state)
            setattr(obj, machine.field, to_state)
        model = type(objs[0])
        auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for obj in objs:
            for name in auto_now:
                setattr(obj, name, at)
        if update_fields:
            fields = list(dict.fromkeys([machine.field, *update_fields, *auto_now]))
            model.objects.bulk_update(objs, fields, batch_size=batch_size)
        else:  # the same values for every row: a plain UPDATE per batch
            for start in range(0, len(objs), batch_size):
                pks = [obj.pk for obj in objs[start : start + batch_size]]
                model.objects.filter(pk__in=pks).update(
                    **{machine.field: to_state}, **dict.fromkeys(auto_now, at)
                )
        return cls.objects.bulk_create(
            [
                cls(
                    **{cls.subject_field: obj},
                    from_state=before[obj.pk] or "",
                    to_state=to_state,
                    actor=by,
                    comment=comment(obj) if callable(comment) else comment,
                    at=at,
                )
                for obj in objs
            ],
            batch_size=batch_size,
        )
