"""Schedule the sweep that withdraws places not confirmed in time (django-celery-beat's scheduler)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0016_selection_by_merit"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Applications: withdraw places not confirmed in time, offer them to the waiting list",
            "mobility.expire_offers",
            every_minutes=10,
        ),
    ]
