"""Deliver the email outbox every minute (django-celery-beat; staff can see it in the admin).

Each commit that queues mail also dispatches a delivery task; this sweep sends whatever those
tasks did not (the broker was down, a worker died), so mail is delayed, never lost.
"""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
    ]

    operations = [schedule("Email: deliver the outbox", "core.send_queued_mail", every_minutes=1)]
