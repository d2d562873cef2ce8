"""Thin Celery wrapper: the acceptance letter is rendered outside the request that accepted."""

from celery import shared_task


@shared_task(name="mobility.generate_acceptance_letter", acks_late=True)
def generate_acceptance_letter(application_id: int, regenerate: bool = False) -> int | None:
    from . import services_records  # WeasyPrint is only loaded where letters are made

    letter = services_records.generate_acceptance_letter(application_id, regenerate=regenerate)
    return letter.pk if letter else None
