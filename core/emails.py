"""Emails to people, rendered in their language and sent by Celery after the transaction commits.

Templates come in threes: `<prefix>_subject.txt`, `<prefix>_message.txt` and optionally
`<prefix>_message.html` (allauth's convention, so that every email of the portal looks alike).
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def message_to_dict(msg: EmailMultiAlternatives) -> dict:
    attachments = []
    for att in msg.attachments:
        filename, content, mimetype = att
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            {"filename": filename, "content": base64.b64encode(content).decode(), "mimetype": mimetype}
        )
    return {
        "subject": msg.subject,
        "body": msg.body,
        "from_email": msg.from_email,
        "to": list(msg.to),
        "cc": list(msg.cc),
        "bcc": list(msg.bcc),
        "reply_to": list(msg.reply_to),
        "alternatives": [list(a) for a in getattr(msg, "alternatives", [])],
        "attachments": attachments,
    }


def send_message_later(msg: EmailMultiAlternatives) -> None:
    from .tasks import enqueue_on_commit, send_email

    enqueue_on_commit(send_email, message_to_dict(msg))


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
    send_message_later(msg)
    return msg
