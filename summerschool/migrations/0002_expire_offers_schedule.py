"""Register the sweep that passes expired waiting-list offers on (django-celery-beat's scheduler)."""

from django.db import migrations

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("summerschool", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule(
            "Summer schools: pass expired seat offers on", "summerschool.expire_offers", every_minutes=10
        )
    ]
