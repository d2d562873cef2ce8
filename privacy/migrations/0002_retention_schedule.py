"""The nightly retention sweep and the sweep of copies whose task was lost (django-celery-beat)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Personal data: apply the retention periods",
            "privacy.apply_retention",
            crontab={"minute": "30", "hour": "3"},
        ),
        schedule(
            "Personal data: build copies whose task was lost",
            "privacy.sweep_copies",
            every_minutes=30,
        ),
    ]
