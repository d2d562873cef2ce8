"""The sweep: every enabled rule, what is due, written to the ledger and queued to the outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.emails import queue_messages, render_templated_email

from .models import Rule, Sent
from .registry import registered
from .selectors import CHUNK, due, overrides_by_rule


def sync_rules(existing=None):
    """One Rule row per registered reminder (existing rows keep what staff set). `existing`: the
    codes already read (the sweep reads the rules anyway). Returns whether rows were created."""
    reminders = registered()
    if existing is None:
        existing = set(Rule.objects.filter(code__in=reminders).values_list("code", flat=True))
    if not set(reminders) - set(existing):
        return False
    Rule.objects.bulk_create(
        [
            Rule(code=r.code, name=str(r.name)[:200], offset=r.offset, repeat=r.repeat)
            for code, r in reminders.items()
            if code not in existing
        ],
        ignore_conflicts=True,
    )
    return True


def run_reminders(*, now=None, dry_run=False) -> dict[str, int]:
    """Send every reminder due at `now` (default: now), once. Returns {rule code: how many emails}.

    Each call or summer school follows staff's timing for it (`Override`) where there is one.
    Catches up after an outage (what is due since is sent) but never after the deadline. Each rule
    is its own savepoint: a concurrent sweep that wrote the same ledger rows first makes this one
    skip that rule instead of sending twice. The outbox is delivered by one task after the commit.
    """
    now = now or timezone.now()
    reminders = registered()
    rules = list(Rule.objects.filter(code__in=reminders))
    if sync_rules(existing={rule.code for rule in rules}):  # a reminder new since the last sweep
        rules = list(Rule.objects.filter(code__in=reminders))
    overrides = overrides_by_rule(rules)
    counts = {}
    with transaction.atomic():
        for rule in rules:
            # A switched-off rule still runs where staff switched it on for a call or school.
            if not (rule.enabled or any(o.enabled for o in overrides.get(rule.pk, []))):
                continue
            items = due(rule, reminders[rule.code], now, overrides=overrides.get(rule.pk, []))
            counts[rule.code] = len(items)
            if dry_run or not items:
                continue
            try:
                with transaction.atomic():
                    _send(rule, items, now)
            except IntegrityError:  # another sweep sent them
                counts[rule.code] = 0
    return counts


def _send(rule, items, now):
    """The emails to the outbox, then the ledger rows pointing at them (staff open each email from
    the admin), each in bulk: a sweep costs a few queries per 1,000 reminders, not one per email.
    A concurrent sweep's duplicate fails on the ledger's constraint and the savepoint takes this
    rule's emails back with it."""
    content_type = ContentType.objects.get_for_model(items[0].obj, for_concrete_model=True)
    messages = []
    for item in items:
        context = {
            "site_url": settings.SITE_URL,
            **item.context,
            "object": item.obj,
            "recipient": item.recipient,
            "deadline": item.deadline,
            "url": item.reminder.link(item.obj),
        }
        to, language = item.recipient.email, getattr(item.recipient, "language", None) or "en"
        copies = [user.email for user in item.reminder.copy(item.obj)] if item.reminder.copy else []
        if item.reminder.address:
            copies.insert(0, to)
            to, language = item.reminder.address(item.obj)
        message = render_templated_email(to, item.reminder.template, context, language)
        message.cc = [address for address in copies if address != to]
        messages.append(message)
    emails = queue_messages(messages, batch_size=CHUNK)
    Sent.objects.bulk_create(
        [
            Sent(
                rule=rule,
                content_type=content_type,
                object_id=item.obj.pk,
                deadline=item.deadline,
                round=item.round,
                recipient=item.recipient,
                sent_at=now,
                email=email,
            )
            for item, email in zip(items, emails, strict=True)
        ],
        batch_size=CHUNK,
    )
