"""Thin Celery wrappers around the services."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)

# A render that failed (a missing static file, the database gone for a moment) is tried again
# 20 s, 40 s and 80 s later; after that the failure is recorded on the run, which can finish.
CERTIFICATE_RETRIES = 3


def retry_countdown(retries):
    return 20 * 2**retries


def retry(task, exc, *args):
    """Retry later on a worker; run again at once when eager (no worker to come back later: the
    no-Redis mode and the tests), where Celery would raise its Retry into the caller instead."""
    if task.request.is_eager:
        return task.apply(args=args, retries=task.request.retries + 1, throw=True).result
    raise task.retry(exc=exc, countdown=retry_countdown(task.request.retries)) from exc


@shared_task(name="summerschool.expire_offers")
def expire_offers_task():
    """Run by django-celery-beat every few minutes (see migration 0002)."""
    return services.expire_offers()


@shared_task(name="summerschool.release_unpaid")
def release_unpaid_task():
    """Run by django-celery-beat every hour (migration 0007): releases seats unpaid after the grace period."""
    return services.release_unpaid()


@shared_task(
    name="summerschool.issue_certificate", bind=True, acks_late=True, max_retries=CERTIFICATE_RETRIES
)
def issue_certificate_task(self, registration_id, run_id=None):
    """Idempotent: delivered twice (a redelivery, the sweep), it still gives one certificate and one email."""
    try:
        certificate = services.issue_certificate(registration_id, run_id=run_id)
    except services.RegistrationError as exc:  # no longer completed: retrying cannot help
        logger.warning("Certificate of registration %s not issued: %s", registration_id, exc)
        services.record_certificate_failure(registration_id=registration_id, run_id=run_id, error=str(exc))
        return None
    except Exception as exc:
        if self.request.retries < self.max_retries:
            logger.warning("Certificate of registration %s failed, retrying: %s", registration_id, exc)
            return retry(self, exc, registration_id, run_id)
        logger.exception(
            "Certificate of registration %s failed after %s retries", registration_id, self.max_retries
        )
        services.record_certificate_failure(registration_id=registration_id, run_id=run_id, error=str(exc))
        return None
    return certificate.code


@shared_task(name="summerschool.sweep_certificates")
def sweep_certificates_task():
    """Run by django-celery-beat every 5 minutes (migration 0004): re-dispatches lost certificates."""
    return services.sweep_certificates()
