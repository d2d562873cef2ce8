"""Register the sweep that re-dispatches lost certificates (django-celery-beat's scheduler)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("summerschool", "0003_certificate_run_items"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Summer schools: produce certificates whose task was lost",
            "summerschool.sweep_certificates",
            every_minutes=5,
        )
    ]
