"""Thin Celery wrapper around the sweep (beat runs it every 15 minutes: migration 0002)."""

from celery import shared_task

from . import services


@shared_task(name="reminders.run_reminders")
def run_reminders() -> dict:
    return services.run_reminders()
