"""Background work shared by every app, and the one way to dispatch a task."""

import base64
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs):
    """Send `task` to the workers only once the surrounding transaction commits.

    A task dispatched inside a transaction that later rolls back would act on rows that never
    existed (or email about a decision that was never taken); on_commit drops it instead.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


@shared_task(
    name="core.send_email",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 8},
)
def send_email(message: dict) -> int:
    """Send a message serialised by core.emails.message_to_dict (JSON only: no pickled objects)."""
    msg = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email"),
        to=message["to"],
        cc=message.get("cc") or None,
        bcc=message.get("bcc") or None,
        reply_to=message.get("reply_to") or None,
    )
    for content, mimetype in message.get("alternatives", []):
        msg.attach_alternative(content, mimetype)
    for att in message.get("attachments", []):
        msg.attach(att["filename"], base64.b64decode(att["content"]), att["mimetype"])
    return msg.send()
