"""Deliver the email outbox every minute (django-celery-beat; staff can see it in the admin).

Each commit that queues mail also dispatches a delivery task; this sweep sends whatever those
tasks did not (the broker was down, a worker died), so mail is delayed, never lost.
"""

from django.db import migrations

TASK_NAME = "Email: deliver the outbox"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": "core.send_queued_mail",
            "interval": every_minute,
            "crontab": None,
            "enabled": True,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
