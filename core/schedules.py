"""Periodic tasks registered by data migrations, in django-celery-beat's database scheduler.

Every app that needs a sweep or a reminder adds it with `schedule(...)` in a migration, so that a
fresh database has the whole schedule after `migrate` and staff can see and edit it in the admin
(*Periodic tasks*). One helper, so that every schedule is created and removed the same way.
"""

from django.db import migrations


def schedule(name, task, *, every_minutes=None, crontab=None):
    """A RunPython operation creating (or updating) the periodic task `name` running `task`.

    `every_minutes=N` runs it every N minutes; `crontab={"minute": "0", "hour": "8"}` at fixed
    times, Paris time.
    """
    if (every_minutes is None) == (crontab is None):
        raise ValueError("Give every_minutes or crontab, not both.")

    def create(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        interval = clock = None
        if every_minutes is not None:
            IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
            interval, _ = IntervalSchedule.objects.get_or_create(every=every_minutes, period="minutes")
        else:
            CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
            fields = {
                "minute": "*",
                "hour": "*",
                "day_of_week": "*",
                "day_of_month": "*",
                "month_of_year": "*",
            }
            clock, _ = CrontabSchedule.objects.get_or_create(**{**fields, **crontab}, timezone="Europe/Paris")
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval, "crontab": clock, "enabled": True}
        )

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()

    return migrations.RunPython(create, remove)
