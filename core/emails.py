"""Emails to people: rendered in their language, written to the outbox, delivered by Celery.

The outbox is django-post-office's `Email` table. A message is a row written in the same
transaction as the change that causes it, so a rolled-back decision sends nothing and a broker
or worker outage delays mail but never loses it: `deliver_queued` sends whatever is queued, in
batches over one SMTP connection each, when a task dispatched on commit runs and every minute
from the beat sweep.

Templates come in threes: `<prefix>_subject.txt`, `<prefix>_message.txt` and optionally
`<prefix>_message.html` (allauth's convention, so that every email of the portal looks alike).
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# Any 64-bit number, the same in every process: the PostgreSQL advisory lock taken while sending.
DELIVERY_LOCK = 0x1A0_0E_3A11


def _outbox_row(msg: EmailMultiAlternatives):
    """The outbox row of `msg`, not saved yet.

    Built directly rather than through post_office's `mail.send`, which renders the subject and
    bodies again as Django templates: text a person typed ("{{", "{%") must reach the reader as typed.
    """
    from post_office.models import PRIORITY, STATUS, Email

    html = next((content for content, mimetype in msg.alternatives if mimetype == "text/html"), "")
    headers = dict(msg.extra_headers)
    if msg.reply_to:
        headers.setdefault("Reply-To", ", ".join(msg.reply_to))
    return Email(
        from_email=msg.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(msg.to),
        cc=list(msg.cc),
        bcc=list(msg.bcc),
        subject=msg.subject,
        message=msg.body,
        html_message=html,
        headers=headers or None,
        status=STATUS.queued,
        priority=PRIORITY.medium,
    )


def queue_message(msg: EmailMultiAlternatives):
    """Write `msg` to the outbox; it goes out once the surrounding transaction commits."""
    email = _outbox_row(msg)
    email.save()
    if msg.attachments:
        from post_office.utils import create_attachments

        files = {}
        for filename, content, mimetype in msg.attachments:
            content = content.encode() if isinstance(content, str) else content
            files[filename] = {"file": ContentFile(content), "mimetype": mimetype}
        email.attachments.add(*create_attachments(files))
    enqueue_delivery()
    return email


def queue_messages(messages, *, batch_size=1000):
    """`queue_message` for many messages without attachments (a reminder sweep): the rows are
    written `batch_size` per query, with one delivery after the commit. Returns the rows, in order."""
    from post_office.models import Email

    if any(msg.attachments for msg in messages):
        raise ValueError("queue_messages takes no attachments: use queue_message")
    emails = Email.objects.bulk_create([_outbox_row(msg) for msg in messages], batch_size=batch_size)
    enqueue_delivery()
    return emails


class OutboxBackend(BaseEmailBackend):
    """Django's email backend API over the outbox, so that mail sent by Django itself (errors to
    ADMINS, any third-party `send_mail`) is queued and delivered the same way."""

    def send_messages(self, email_messages):
        for msg in email_messages:
            queue_message(msg)
        return len(email_messages)


def render_templated_email(to_email, template_prefix, context, language="en", attachments=()):
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        subject = " ".join(subject.splitlines())
        body = render_to_string(f"{template_prefix}_message.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:
            html = None
    msg = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to_email],
    )
    if html:
        msg.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        msg.attach(filename, content, mimetype)
    return msg


def send_templated_email(recipient, template_prefix, context, attachments=()):
    """Email a user (in their preferred language) or a bare address (in the current language)."""
    if hasattr(recipient, "email"):
        to_email, language = recipient.email, getattr(recipient, "language", None) or "en"
    else:
        to_email, language = recipient, (translation.get_language() or "en")[:2]
    context = {"site_url": settings.SITE_URL, **context}
    msg = render_templated_email(to_email, template_prefix, context, language, attachments)
    queue_message(msg)
    return msg


# --- Delivery -----------------------------------------------------------------------------------


@contextmanager
def _delivery_lock():
    """One sender at a time across every worker host (a PostgreSQL advisory lock, released when the
    session ends, so a killed worker never leaves it held); on SQLite there is only one host."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [DELIVERY_LOCK])
        acquired = cur.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [DELIVERY_LOCK])


def _back_off(since):
    """post_office requeues a failed email after a fixed interval; double it at every retry
    (2, 4, 8… minutes with the default) so that an SMTP outage is not hammered."""
    from post_office.models import STATUS, Email
    from post_office.settings import get_retry_timedelta

    interval = get_retry_timedelta()
    retried = Email.objects.filter(status=STATUS.requeued, last_updated__gte=since, number_of_retries__gt=1)
    for retries in set(retried.values_list("number_of_retries", flat=True)):
        for email in retried.filter(number_of_retries=retries).only("pk", "last_updated"):
            Email.objects.filter(pk=email.pk).update(
                scheduled_time=email.last_updated + interval * 2 ** (retries - 1)
            )


def deliver_queued(max_batches=1000) -> dict:
    """Send every email due now, batch by batch (one SMTP connection per batch).

    Returns counts; does nothing (and says so) while another process is sending.
    """
    from post_office.mail import get_queued, send_queued

    totals = {"sent": 0, "failed": 0, "requeued": 0, "busy": False}
    with _delivery_lock() as acquired:
        if not acquired:
            totals["busy"] = True
            return totals
        for _batch in range(max_batches):
            if not get_queued().exists():
                break
            started = timezone.now() - timedelta(seconds=1)
            sent, failed, requeued = send_queued(processes=1)
            _back_off(started)
            totals["sent"] += sent
            totals["failed"] += failed
            totals["requeued"] += requeued
    return totals


def outbox_status() -> dict:
    """For /healthz/: how much mail waits, and since when."""
    from post_office.models import STATUS, Email

    waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
    oldest = waiting.order_by("created").values_list("created", flat=True).first()
    return {
        "queued": waiting.count(),
        "oldest_queued_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
        "failed": Email.objects.filter(status=STATUS.failed).count(),
    }


DELIVERY_TASK = "core.send_queued_mail"


def enqueue_delivery():
    """Deliver the outbox once the current transaction commits (after a 'send again')."""
    from celery import current_app

    from .dispatch import enqueue_once_on_commit

    enqueue_once_on_commit(current_app.tasks[DELIVERY_TASK])  # core/tasks.py wraps this module
