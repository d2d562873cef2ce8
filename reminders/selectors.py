"""Which reminders are due at an instant: the candidates and the ledger read in bulk, per rule.

A rule's timing (switch, offset, repeat) is its own unless staff set one for a call or summer school
(`Override`): the candidates are read once over the window of every timing in use, and each is then
held to its own call's or school's timing (no query per call).
"""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from .models import Override, Rule, Sent
from .registry import office_staff

# A reminder sent after its deadline (negative offset) still makes sense for this long.
LATE_WINDOW = datetime.timedelta(days=7)
CHUNK = 1000
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Timing:
    enabled: bool
    offset: datetime.timedelta
    repeat: datetime.timedelta | None


def overrides_by_rule(rules):
    """{rule id: [Override]} of `rules` (one query for every rule of a sweep)."""
    found = {}
    for override in Override.objects.filter(rule__in=rules):
        found.setdefault(override.rule_id, []).append(override)
    return found


def timings(rule, reminder, overrides):
    """The rule's own timing and {call or offering id: timing} where staff set one."""
    default = Timing(rule.enabled, rule.offset, rule.repeat)
    if not reminder.scope:
        return default, {}
    return default, {
        o.scope_id: Timing(o.enabled, rule.offset if o.offset is None else o.offset, rule.repeat)
        for o in overrides
    }


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
    """(lowest, highest) deadline values for which `rule` (a Rule or a Timing) is due at `now`: its instant
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


def due(rule, reminder, now, until=None, overrides=None):
    """Every (object, recipient) `rule` should remind at `now` and has not yet: two queries for the
    candidates' rows (plus the reminder's own prefetches) and one per 1,000 of them for the ledger.
    `overrides`: the rule's `Override` rows (read here when not given).

    With `until`, the same selection run forward (a dry run over the instants up to `until`, for
    staff's forecast): each item also says when it would go out. The candidates are those of `now`
    (an object that becomes a candidate later, say a draft created tomorrow, is not foreseen)."""
    if overrides is None:
        overrides = list(rule.overrides.all()) if reminder.scope else []
    default, scoped = timings(rule, reminder, overrides)
    active = [t for t in (default, *scoped.values()) if t.enabled]
    if not active:
        return []
    windows = [window(t, now, until) for t in active]
    low, high = min(w[0] for w in windows), max(w[1] for w in windows)
    candidates = reminder.candidates(now).annotate(reminder_deadline=F(reminder.deadline))
    if reminder.scope:
        candidates = candidates.annotate(reminder_scope=F(reminder.scope_field))
        if not default.enabled:  # switched off but for some calls or schools
            candidates = candidates.filter(reminder_scope__in=[k for k, t in scoped.items() if t.enabled])
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
    recipients = reminder.recipients
    if recipients is office_staff:  # the same people for every object: read once
        staff = office_staff()
        recipients = lambda obj: staff  # noqa: E731
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
        timing = scoped.get(obj.reminder_scope, default) if scoped else default
        if timing is not default or len(active) > 1:  # read over a wider window than its own
            own_low, own_high = window(timing, now, until)
            if not (timing.enabled and own_low < deadline <= own_high):
                continue
        sendings = rounds(timing, deadline, now, until) if until else [(round_at(timing, deadline, now), now)]
        pending = [
            (number, at, r)
            for number, at in sendings
            for r in recipients(obj)
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
        same selection as the sweep's, run forward, with each call's or school's timing. For the staff
    page (reminders' admin)."""
    from .registry import registered

    reminders = registered()
    rules = list(Rule.objects.filter(code__in=codes if codes is not None else reminders))
    overrides = overrides_by_rule(rules)
    items = [
        item
        for rule in rules
        if rule.code in reminders
        for item in due(rule, reminders[rule.code], now, until, overrides.get(rule.pk, []))
    ]
    return sorted(items, key=lambda item: (item.at, item.rule.code, item.obj.pk))
