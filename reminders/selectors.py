"""Which reminders are due at an instant: the candidates and the ledger read in bulk, per rule."""

import datetime
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


def window(rule, now):
    """(lowest, highest) deadline values for which `rule` is due at `now`: its instant
    (deadline - offset) has passed, the deadline has not (or, after it, not for longer than LATE_WINDOW)."""
    if rule.offset >= datetime.timedelta(0):
        return now, now + rule.offset
    return now + rule.offset - LATE_WINDOW, now + rule.offset


def end_of_day(day):
    """The instant a date deadline passes: midnight after it, Paris time."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=PARIS)


def _paris_date(instant):
    return instant.astimezone(PARIS).date()


def round_at(rule, deadline, now):
    if not rule.repeat:
        return 0
    return int((now - (deadline - rule.offset)) // rule.repeat)


def due(rule, reminder, now):
    """Every (object, recipient) `rule` should remind at `now` and has not yet: two queries for the
    candidates' rows (plus the reminder's own prefetches) and one per 1,000 of them for the ledger."""
    low, high = window(rule, now)
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
        number = round_at(rule, deadline, now)
        recipients = [r for r in reminder.recipients(obj) if (obj.pk, deadline, r.pk, number) not in sent]
        if not recipients:
            continue
        context = reminder.context(obj)
        if context is None:  # nothing to remind of (the documents arrived meanwhile)
            continue
        found.extend(Due(rule, reminder, obj, deadline, number, r, context) for r in recipients)
    return found
