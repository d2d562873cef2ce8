"""Which reminders are due at an instant: the candidates and the ledger read in bulk, per rule."""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from .models import Sent

# A reminder sent after its deadline (negative offset) still makes sense for this long.
LATE_WINDOW = datetime.timedelta(days=7)
CHUNK = 1000
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Due:
    rule: object
    reminder: object
    obj: object
    deadline: datetime.datetime
    round: int
    recipient: object
    context: dict
    at: datetime.datetime | None = None  # when it goes out (the sweep: now; the forecast: later)


def window(rule, now, until=None):
    """(lowest, highest) deadline values for which `rule` is due at `now`: its instant
    (deadline - offset) has passed, the deadline has not (or, after it, not for longer than LATE_WINDOW).
    With `until`, also those whose instant comes between `now` and `until` (the forecast)."""
    until = until or now
    if rule.offset >= datetime.timedelta(0):
        return now, until + rule.offset
    return now + rule.offset - LATE_WINDOW, until + rule.offset


def end_of_day(day):
    """The instant a date deadline passes: midnight after it, Paris time."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=PARIS)


def _paris_date(instant):
    return instant.astimezone(PARIS).date()


def round_at(rule, deadline, now):
    if not rule.repeat:
        return 0
    return int((now - (deadline - rule.offset)) // rule.repeat)


def rounds(rule, deadline, now, until):
    """(round, instant) of each sending of `rule` for `deadline` from `now` until `until`: the
    current one (due now) and, for a repeated rule, the later ones before the deadline."""
    first = max(round_at(rule, deadline, now), 0)
    start = deadline - rule.offset
    found = []
    for number in itertools.count(first):
        at = max(now, start + number * (rule.repeat or datetime.timedelta(0)))
        if at > until or (rule.offset >= datetime.timedelta(0) and at >= deadline):
            break
        found.append((number, at))
        if not rule.repeat:
            break
    return found


def due(rule, reminder, now, until=None):
    """Every (object, recipient) `rule` should remind at `now` and has not yet: two queries for the
    candidates' rows (plus the reminder's own prefetches) and one per 1,000 of them for the ledger.

    With `until`, the same selection run forward (a dry run over the instants up to `until`, for
    staff's forecast): each item also says when it would go out. The candidates are those of `now`
    (an object that becomes a candidate later, say a draft created tomorrow, is not foreseen)."""
    low, high = window(rule, now, until)
    candidates = reminder.candidates(now).annotate(reminder_deadline=F(reminder.deadline))
    if reminder.deadline_is_date:  # end_of_day(d) in (low, high] <=> d in [date(low), date(high) - 1 day]
        low, high = _paris_date(low), _paris_date(high) - datetime.timedelta(days=1)
        candidates = candidates.filter(reminder_deadline__gte=low, reminder_deadline__lte=high)
    else:
        candidates = candidates.filter(reminder_deadline__gt=low, reminder_deadline__lte=high)
    objects = list(candidates)
    if reminder.deadline_is_date:
        for obj in objects:
            obj.reminder_deadline = end_of_day(obj.reminder_deadline)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    ids = [o.pk for o in objects]
    sent = set()
    for start in range(0, len(ids), CHUNK):
        sent.update(
            Sent.objects.filter(
                rule=rule, content_type=content_type, object_id__in=ids[start : start + CHUNK]
            ).values_list("object_id", "deadline", "recipient_id", "round")
        )
    found = []
    for obj in objects:
        deadline = obj.reminder_deadline
        sendings = rounds(rule, deadline, now, until) if until else [(round_at(rule, deadline, now), now)]
        pending = [
            (number, at, r)
            for number, at in sendings
            for r in reminder.recipients(obj)
            if (obj.pk, deadline, r.pk, number) not in sent
        ]
        if not pending:
            continue
        context = reminder.context(obj)
        if context is None:  # nothing to remind of (the documents arrived meanwhile)
            continue
        found.extend(Due(rule, reminder, obj, deadline, number, r, context, at) for number, at, r in pending)
    return found


def forecast(now, until, codes=None):
    """What the sweeps from `now` to `until` will send, earliest first (enabled rules only): the
    same selection as the sweep's, run forward. For the staff page (reminders' admin)."""
    from .models import Rule
    from .registry import registered

    reminders = registered()
    rules = Rule.objects.filter(enabled=True, code__in=codes if codes is not None else reminders)
    items = [
        item
        for rule in rules
        if rule.code in reminders
        for item in due(rule, reminders[rule.code], now, until)
    ]
    return sorted(items, key=lambda item: (item.at, item.rule.code, item.obj.pk))
