"""Run the reminder sweep every 15 minutes (django-celery-beat; staff can edit it in the admin)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [schedule("Reminders: send the reminders due", "reminders.run_reminders", every_minutes=15)]
