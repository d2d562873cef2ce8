"""Thin Celery wrappers around the services."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="summerschool.expire_offers")
def expire_offers_task():
    """Run by django-celery-beat every few minutes (see migration 0002)."""
    return services.expire_offers()


@shared_task(name="summerschool.issue_certificate", acks_late=True)
def issue_certificate_task(registration_id, run_id=None):
    try:
        certificate = services.issue_certificate(registration_id)
    except Exception:
        logger.exception("Certificate of registration %s failed", registration_id)
        if run_id:
            services.count_run_progress(run_id, ok=False)
        raise
    if run_id:
        services.count_run_progress(run_id, ok=True)
    return certificate.code
