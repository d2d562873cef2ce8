"""Register the sweep that re-dispatches lost acceptance letters (django-celery-beat's scheduler)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0010_eligibility_flags"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Applications: produce acceptance letters whose task was lost",
            "mobility.sweep_acceptance_letters",
            every_minutes=5,
        )
    ]
