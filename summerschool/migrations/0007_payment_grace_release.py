"""The grace period after the payment date, and the hourly sweep releasing unpaid seats."""

from django.db import migrations, models

from core.schedules import schedule


class Migration(migrations.Migration):
    dependencies = [
        ("summerschool", "0006_transition_at_default"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="payment_grace_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text=(
                    "An accepted registration still unpaid this many days after its payment date is released: "
                    "cancelled, the participant told, the seat offered to the waiting list."
                ),
                verbose_name="days of grace after the payment date",
            ),
        ),
        schedule(
            "Summer schools: release seats unpaid after the grace period",
            "summerschool.release_unpaid",
            every_minutes=60,
        ),
    ]
