"""Thin Celery wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="privacy.apply_retention", ignore_result=True)
def apply_retention_task():
    """Run daily by django-celery-beat (migration 0002): applies every retention period."""
    run = services.apply_retention(trigger="beat")
    return run.counts


@shared_task(name="privacy.build_copy", ignore_result=True, acks_late=True)
def build_copy_task(request_id):
    """Idempotent: a request already built (task delivered twice) is left as it is."""
    services.build_copy(request_id)


@shared_task(name="privacy.sweep_copies", ignore_result=True)
def sweep_copies_task():
    """Copies whose task was lost (a broker outage at the request) are built by this sweep."""
    from .models import DataRequest, RequestKind, RequestStatus

    for pk in DataRequest.objects.filter(kind=RequestKind.COPY, status=RequestStatus.PENDING).values_list(
        "pk", flat=True
    ):
        services.build_copy(pk)
