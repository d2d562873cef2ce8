"""Thin Celery wrappers around mobility services (schedule them with django-celery-beat)."""

from celery import shared_task

from . import services


@shared_task(name="mobility.send_document_reminders")
def send_document_reminders() -> int:
    """Daily: remind students of missing documents three days before the documents deadline."""
    return services.send_document_reminders()
