"""Reminders registered in code: each app says what deadline it chases, for whom, with which email.

An app registers a `Reminder` in its AppConfig.ready; the database keeps one `Rule` row per code
so staff can switch it off or change its offset in the admin without a release, for every call or
summer school at once (the rule) or for one of them (an `Override`, for reminders with a `scope`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

_REMINDERS: dict[str, "Reminder"] = {}


@dataclass(frozen=True)
class Reminder:
    """One reminder. `candidates(now)` returns a queryset of the objects that may need it (with the
    select_related/prefetch_related its recipients, link and context need: the sweep reads them in
    a constant number of queries); `deadline` is the field path of the instant it chases on those
    objects (`"call__documents_deadline"`). It goes out `offset` before the deadline (a negative
    offset: after it) and, with `repeat`, again every `repeat` until the deadline."""

    code: str
    name: str
    candidates: Callable
    deadline: str
    recipients: Callable  # obj -> [User]
    template: str  # email template prefix
    link: Callable  # obj -> path of the page that acts on it
    offset: datetime.timedelta
    context: Callable = field(default=lambda obj: {})  # obj -> dict, or None: nothing to remind of
    repeat: datetime.timedelta | None = None
    # The deadline is a DateField: the day is due until its end, Paris time.
    deadline_is_date: bool = False
    # obj -> [User] who receive each of its emails in copy (a nominee's coordinator).
    copy: Callable | None = None
    # obj -> (address, language) of a person without an account (an invited nominee): the email
    # goes to them, the recipient (the account answerable for it, in the ledger) in copy.
    address: Callable | None = None
    # What staff may time differently (reminders.Override): "call" or "offering", and the field path
    # of its id on the candidates ("call_id", "id" for calls themselves, "offering_id").
    scope: str | None = None
    scope_field: str = ""


def office_staff(obj=None):
    """The recipients of the office's own reminders: active IRO staff accounts and superusers. As a
    reminder's `recipients`, the sweep reads them once per rule, not once per object (`selectors.due`)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from accounts.models import Role

    return list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(role=Role.STAFF))
        .order_by("pk")
    )


def register(reminder: Reminder) -> Reminder:
    _REMINDERS[reminder.code] = reminder
    return reminder


def registered() -> dict[str, Reminder]:
    return dict(_REMINDERS)
