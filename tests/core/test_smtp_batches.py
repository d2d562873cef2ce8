"""The outbox opens one SMTP connection per batch, not one per email (counted by a real server)."""

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from post_office.models import STATUS, Email

from core.emails import deliver_queued, queue_message
from tests.smtp_server import CountingSMTPServer

pytestmark = pytest.mark.django_db


def test_250_emails_go_out_over_3_smtp_connections(settings):
    with CountingSMTPServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.POST_OFFICE = {
            **settings.POST_OFFICE,
            "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
            "BATCH_SIZE": 100,
        }
        with transaction.atomic():
            for n in range(250):
                queue_message(
                    EmailMultiAlternatives(subject=f"Reminder {n}", body="…", to=[f"s{n}@example.org"])
                )
        totals = deliver_queued()
    assert totals["sent"] == 250 and smtp.messages == 250
    assert smtp.connections == 3
    assert Email.objects.filter(status=STATUS.sent).count() == 250
