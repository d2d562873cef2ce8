"""Run the missing-documents reminder every morning (django-celery-beat; staff can edit it in the admin)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0006_nomination_declined"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Mobility: remind students of missing documents",
            "mobility.send_document_reminders",
            crontab={"minute": "0", "hour": "8"},
        )
    ]
