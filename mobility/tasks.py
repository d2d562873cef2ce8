"""Thin Celery wrappers around mobility services (schedule them with django-celery-beat).

The acceptance letter is rendered outside the request that accepted; services dispatch it by name
(`services.records.letter_task`), so this module imports the services and not the reverse.
"""

import logging

from celery import shared_task

from .services import allocation, records

logger = logging.getLogger(__name__)

# A letter that failed to render is tried again 20 s, 40 s and 80 s later; after the last retry
# the failure is logged and the letter stays missing, which the sweep notices and dispatches again.
LETTER_RETRIES = 3


@shared_task(
    name="mobility.generate_acceptance_letter", bind=True, acks_late=True, max_retries=LETTER_RETRIES
)
def generate_acceptance_letter(self, application_id: int, regenerate: bool = False) -> int | None:
    """Idempotent (one letter per application, whatever the number of runs)."""
    try:
        letter = records.generate_acceptance_letter(application_id, regenerate=regenerate)
    except Exception as exc:
        if self.request.retries < self.max_retries:
            logger.warning("Acceptance letter of application %s failed, retrying: %s", application_id, exc)
            if self.request.is_eager:  # no worker to come back later: again now (Celery would raise)
                return self.apply(
                    args=(application_id, regenerate), retries=self.request.retries + 1, throw=True
                ).result
            raise self.retry(exc=exc, countdown=20 * 2**self.request.retries) from exc
        logger.exception(
            "Acceptance letter of application %s failed after %s retries (the sweep will try again)",
            application_id,
            self.max_retries,
        )
        return None
    return letter.pk if letter else None


@shared_task(name="mobility.sweep_acceptance_letters")
def sweep_acceptance_letters():
    """Run by django-celery-beat every 5 minutes (migration 0011): re-dispatches lost letters."""
    return records.sweep_acceptance_letters()


@shared_task(name="mobility.expire_offers")
def expire_offers():
    """Run by django-celery-beat every 10 minutes (migration 0017): places not confirmed in time."""
    return allocation.expire_offers()
